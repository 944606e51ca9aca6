// Negative (helper): the goroutine startN starts sends n values, where n
// is the helper's own parameter; the consumer receives exactly as many.
// The count passes through the helper's signature, which the analysis
// does not rename: not followed, no finding.
package main

func startN(out chan<- int, n int) {
	go func() {
		for i := 0; i < n; i++ {
			out <- i
		}
	}()
}

func sumN(k int) int {
	ch := make(chan int)
	startN(ch, k)
	sum := 0
	for i := 0; i < k; i++ {
		sum += <-ch
	}
	return sum
}

func run() {
	_ = sumN(4)
}
