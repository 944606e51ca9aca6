// Negative: the declaring function sends and closes; the workers range.
// A sender closing its own channel after its sends is the right shape.
package main

import "sync"

func spread(xs []int) {
	var wg sync.WaitGroup
	ch := make(chan int)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for x := range ch {
				_ = x
			}
		}()
	}
	for _, x := range xs {
		ch <- x
	}
	close(ch)
	wg.Wait()
}

func run() {
	spread([]int{1, 2, 3})
}
