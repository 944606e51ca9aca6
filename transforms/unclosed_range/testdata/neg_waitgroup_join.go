// Negative: two senders, joined by a WaitGroup; a third goroutine closes the
// channel after both are done. The worker is the declaring function.
package main

import "sync"

func merge(a, b []int) int {
	out := make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, x := range a {
			out <- x
		}
	}()
	go func() {
		defer wg.Done()
		for _, x := range b {
			out <- x
		}
	}()
	go func() {
		wg.Wait()
		close(out)
	}()
	n := 0
	for x := range out {
		n += x
	}
	return n
}

func run() {
	_ = merge([]int{1, 2}, []int{3})
}
