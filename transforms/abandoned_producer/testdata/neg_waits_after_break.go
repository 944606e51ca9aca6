// Negative: the consumer cancels the producer's context, breaks out of its
// loop and then waits for the producer to finish; it does not abandon it.
// No finding.
package main

import (
	"context"
	"sync"
)

func firstBig(n, limit int) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	nums := make(chan int, 64)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(nums)
		for i := 0; i < n; i++ {
			if ctx.Err() != nil {
				return
			}
			nums <- i * i
		}
	}()
	found := -1
	for v := range nums {
		if v > limit {
			found = v
			cancel()
			break
		}
	}
	wg.Wait()
	return found
}

func run() {
	_ = firstBig(50, 100)
}
