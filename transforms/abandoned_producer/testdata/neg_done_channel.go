// Negative: the producer already selects on a done channel that the
// consumer closes on every way out (defer close(done)), so an early return
// releases it. No finding.
package main

func firstOver(limit, n int) int {
	ch := make(chan int, 2)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			select {
			case ch <- i * 7:
			case <-done:
				return
			}
		}
	}()
	for v := range ch {
		if v > limit {
			return v
		}
	}
	return -1
}

func run() {
	_ = firstOver(30, 1000)
}
