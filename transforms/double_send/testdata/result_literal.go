// Report only: the goroutine's function returns a value, so a bare return
// does not fit.
// evidence: leaks
package main

func half(n int) int {
	out := make(chan int) // want "out"
	go func() bool {
		if n%2 != 0 {
			out <- -1
		}
		out <- n / 2
		return true
	}()
	return <-out
}

func run() {
	_ = half(3)
}
