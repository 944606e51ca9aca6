// Positive: the declaring function feeds the workers, then collects their
// results; the close goes between the two, right after the send loop.
package main

func squares(xs []int) int {
	jobs := make(chan int) // want "jobs"
	results := make(chan int, len(xs))
	for w := 0; w < 3; w++ {
		go func() {
			for x := range jobs {
				results <- x * x
			}
		}()
	}
	for _, x := range xs {
		jobs <- x
	}
	sum := 0
	for range xs {
		sum += <-results
	}
	return sum
}

func run() {
	_ = squares([]int{1, 2, 3, 4})
}
