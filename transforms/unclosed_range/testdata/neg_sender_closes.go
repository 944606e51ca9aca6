// Negative: the sender closes the channel when it is done; the workers'
// range loops end.
package main

import "sync"

func fanOut(xs []int) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sum := 0
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for x := range ch {
				mu.Lock()
				sum += x
				mu.Unlock()
			}
		}()
	}
	for _, x := range xs {
		ch <- x
	}
	close(ch)
	wg.Wait()
	return sum
}

func run() {
	_ = fanOut([]int{1, 2, 3})
}
