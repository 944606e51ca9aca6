// Negative: the producer waits for the consumer's go-ahead after every
// send and returns when `next` is closed; the consumer closes `next` on its
// way out, so the producer is never left blocked. No finding.
package main

func pages(total, want int) []int {
	page := make(chan int)
	next := make(chan struct{})
	go func() {
		for i := 0; i < total; i++ {
			page <- i
			if _, ok := <-next; !ok {
				return
			}
		}
	}()
	defer close(next)
	var got []int
	for len(got) < want {
		got = append(got, <-page)
		if len(got) == want {
			return got
		}
		next <- struct{}{}
	}
	return got
}

func run() {
	_ = pages(100, 3)
}
