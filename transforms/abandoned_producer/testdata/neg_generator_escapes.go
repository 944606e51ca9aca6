// Negative (finding without fix): the channel escapes through the return
// value of a generator. Its callers cannot stop the producer early; the fix
// needs an API change (a cancellation parameter), so only a finding is
// reported. run() drains the generator and does not leak.
package main

func gen(n int) <-chan int {
	ch := make(chan int, 8) // want "ch"
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	return ch
}

func run() {
	total := 0
	for v := range gen(50) {
		total += v
	}
	_ = total
}
