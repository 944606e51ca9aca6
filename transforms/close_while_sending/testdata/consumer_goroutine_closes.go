// Report only: the consumer goroutine closes the channel when it has seen
// enough, while the producer goroutine still sends.
// evidence: panics "send on closed channel"
package main

func firstBig(xs []int, limit int) {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		for _, x := range xs {
			ch <- x
		}
	}()
	go func() {
		defer close(done)
		for x := range ch {
			if x > limit {
				close(ch) // want "close\(ch\)"
				return
			}
		}
	}()
	<-done
}

func run() {
	firstBig([]int{1, 9, 2, 3}, 5)
}
