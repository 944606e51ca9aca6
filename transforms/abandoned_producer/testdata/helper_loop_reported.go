// Reported without a fix (helper): startCounting starts the goroutine that
// counts forever on the channel; the consumer returns at the first value
// over the limit. The stop signal would have to go through the helper's
// signature, so the finding says why there is no fix.
package main

// evidence: leaks

func startCounting(out chan<- int) {
	go func() {
		for i := 0; ; i++ {
			out <- i
		}
	}()
}

func firstOver(limit int) int {
	ch := make(chan int) // want "producer goroutine can block forever sending on ch: the consumer may leave by `return` at line 22"
	startCounting(ch)
	for v := range ch {
		if v > limit {
			return v
		}
	}
	return -1
}

func run() {
	_ = firstOver(5)
}
