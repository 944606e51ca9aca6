// Negative: a generator returns its channel, and every caller in view reads
// it to the end, so the producer always finishes. No finding.
package main

func gen(n int) <-chan int {
	ch := make(chan int, 8)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	return ch
}

func sum(n int) int {
	total := 0
	for v := range gen(n) {
		total += v
	}
	return total
}

func count(n int) int {
	values := gen(n)
	c := 0
	for range values {
		c++
	}
	return c
}

func run() {
	_ = sum(50)
	_ = count(50)
}
