// Negative: the consumer's counted loop always receives exactly as many
// values as the producer sends (n), with no early exit. No finding.
package main

func squaresSum(n int) int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i * i
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-ch
	}
	return sum
}

func run() {
	_ = squaresSum(25)
}
