// Negative (package): the only caller of the generator, in use.go, reads
// every value. No finding; nothing leaks.
package main

func cubes(n int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i * i * i
		}
	}()
	return ch
}
