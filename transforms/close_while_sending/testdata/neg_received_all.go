// Negative: the receiver takes the only value before it closes; the close is
// needless but cannot panic the sender.
package main

func answer() int {
	ch := make(chan int)
	go func() {
		ch <- 42
	}()
	v := <-ch
	close(ch)
	return v
}

func run() {
	_ = answer()
}
