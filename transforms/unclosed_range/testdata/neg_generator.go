// Negative: the channel is returned to the caller, who ranges over it; the
// generator closes it. chanfix does not follow escaping channels.
package main

func count(n int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	return ch
}

func run() {
	s := 0
	for v := range count(4) {
		s += v
	}
	_ = s
}
