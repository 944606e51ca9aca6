// Negative: the receiver takes as many values as the sender's loop sends,
// then closes (needless, but no send can follow).
package main

func collect() []int {
	ch := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			ch <- i
		}
	}()
	var out []int
	for i := 0; i < 3; i++ {
		out = append(out, <-ch)
	}
	close(ch)
	return out
}

func run() {
	_ = collect()
}
