// Positive: the declaring function feeds the workers and returns without
// closing the channel; every worker waits in its range loop forever.
package main

import "sync/atomic"

func process(items []int, workers int) int64 {
	var total atomic.Int64
	ch := make(chan int) // want "workers ranging over ch .* nothing closes ch after the last send"
	for i := 0; i < workers; i++ {
		go func() {
			for item := range ch {
				total.Add(int64(item))
			}
		}()
	}
	for _, item := range items {
		ch <- item
	}
	return total.Load()
}

func run() {
	_ = process([]int{1, 2, 3, 4, 5}, 3)
}
