// Positive: a guard for empty input reports -1 and forgets to return.
package main

func mean(xs []float64) float64 {
	out := make(chan float64) // want "out"
	go func() {
		if len(xs) == 0 {
			out <- -1
		}
		sum := 0.0
		for _, x := range xs {
			sum += x
		}
		out <- sum / float64(len(xs))
	}()
	return <-out
}

func run() {
	_ = mean(nil)
}
