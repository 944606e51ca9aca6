// Negative: the consumer calls stop (which cancels ctx) before every
// return, so the producer waiting on ctx.Done() is always released.
package main

import "context"

func firstEven(nums []int) int {
	ctx, cancel := context.WithCancel(context.Background())
	stop := func() { cancel() }
	ch := make(chan int)
	go func() {
		for _, n := range nums {
			select {
			case ch <- n:
			case <-ctx.Done():
				return
			}
		}
		close(ch)
	}()
	for n := range ch {
		if n%2 == 0 {
			stop()
			return n
		}
	}
	stop()
	return -1
}

func run() {
	_ = firstEven([]int{1, 3, 4, 5, 6})
}
