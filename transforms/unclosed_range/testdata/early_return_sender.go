// Positive: the sender stops early at a sentinel; the deferred close at
// its top releases the workers on that path too.
package main

import "sync/atomic"

func sumUntilNegative(xs []int) {
	var sum atomic.Int64
	nums := make(chan int) // want "nums"
	go func() {
		for _, x := range xs {
			if x < 0 {
				return
			}
			nums <- x
		}
	}()
	for i := 0; i < 2; i++ {
		go func() {
			for n := range nums {
				sum.Add(int64(n))
			}
		}()
	}
}

func run() {
	sumUntilNegative([]int{4, 5, -1, 6})
}
