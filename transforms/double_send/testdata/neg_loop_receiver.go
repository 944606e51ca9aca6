// Negative: progress then result; the receiver takes both in a loop.
package main

func job(n int) []string {
	ch := make(chan string)
	go func() {
		ch <- "progress"
		if n > 0 {
			ch <- "positive"
		} else {
			ch <- "non-positive"
		}
	}()
	var got []string
	for i := 0; i < 2; i++ {
		got = append(got, <-ch)
	}
	return got
}

func run() {
	_ = job(1)
}
