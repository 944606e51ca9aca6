// Positive: a channel per batch, made inside the loop; the close goes right
// after the batch's send loop, before the next batch.
package main

import "sync"

func batches(groups [][]int) int {
	var mu sync.Mutex
	seen := 0
	for _, g := range groups {
		work := make(chan int, len(g)) // want "work"
		go func() {
			for v := range work {
				mu.Lock()
				seen += v
				mu.Unlock()
			}
		}()
		for _, v := range g {
			work <- v
		}
	}
	mu.Lock()
	defer mu.Unlock()
	return seen
}

func run() {
	_ = batches([][]int{{1, 2}, {3}, {4, 5, 6}})
}
