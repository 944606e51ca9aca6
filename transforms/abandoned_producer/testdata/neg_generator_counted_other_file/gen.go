// Negative (package): use.go receives exactly as many values as the
// generator sends. No finding; nothing leaks.
package main

func evens(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- 2 * i
		}
	}()
	return ch
}
