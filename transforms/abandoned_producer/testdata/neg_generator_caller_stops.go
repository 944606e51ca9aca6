// Reported without a fix: a caller of the generator stops reading after the
// first large value, leaving the producer blocked on its next send. The fix
// needs a cancellation parameter (an API change), so chanfix only reports.
// run() never meets a large value, so this program does not leak.
package main

func squares(n int) <-chan int {
	ch := make(chan int) // want "ch is returned to a caller that stops receiving before it is drained \(line 21\)"
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i * i
		}
	}()
	return ch
}

func firstOver(limit, n int) int {
	for sq := range squares(n) {
		if sq > limit {
			return sq
		}
	}
	return -1
}

func run() {
	_ = firstOver(1000, 10)
}
