// Negative: two goroutines send once each, and both values are taken.
package main

func both(a, b int) int {
	ch := make(chan int)
	go func() {
		ch <- a * 2
	}()
	go func() {
		ch <- b * 2
	}()
	return <-ch + <-ch
}

func run() {
	_ = both(1, 2)
}
