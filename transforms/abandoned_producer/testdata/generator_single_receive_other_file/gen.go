// Reported without a fix (package): use.go takes only the first value of
// the generator, which goes on sending. The fix needs a cancellation
// parameter, an API change, so chanfix reports.
package main

// evidence: leaks

func naturals(n int) <-chan int {
	ch := make(chan int) // want "ch is returned to a caller that stops receiving before it is drained \(use.go:6\)"
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	return ch
}
