// Negative: the receiver tells the sender to quit and waits until it has
// gone before closing; no send can follow the close.
package main

func drainSome(n int) int {
	ch := make(chan int)
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case ch <- i:
			case <-quit:
				return
			}
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-ch
	}
	close(quit)
	<-done
	close(ch)
	return sum
}

func run() {
	_ = drainSome(3)
}
