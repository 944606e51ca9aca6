// Positive: intersecting a sorted list of IDs with a sorted stream. The
// consumer leaves with a labelled break out of the outer loop (or when the
// list of IDs is exhausted) while the producer still has values to send.
package main

func intersect(wanted []int, n int) []int {
	ids := make(chan int, 4) // want "ids"
	go func() {
		defer close(ids)
		for i := 0; i < n; i++ {
			ids <- i * 3
		}
	}()
	var found []int
outer:
	for _, w := range wanted {
		for id := range ids {
			if id == w {
				found = append(found, id)
				continue outer
			}
			if id > w {
				break outer
			}
		}
	}
	return found
}

func run() {
	_ = intersect([]int{3, 9, 10, 12}, 1000)
}
