// Reported without a fix (package): the generator is in this file, and the
// caller that stops reading after the first large value is in use.go. The
// fix needs a cancellation parameter (an API change), so chanfix reports.
package main

// evidence: leaks

func squares(n int) <-chan int {
	ch := make(chan int) // want "ch is returned to a caller that stops receiving before it is drained \(use.go:7\)"
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i * i
		}
	}()
	return ch
}
