// Negative (finding without fix): after its loop the producer must call
// wg.Done(); the inserted return would skip it and deadlock wg.Wait(), so
// no automatic fix. run() takes the path where everything is drained.
package main

import "sync"

func pipeline(n, stopAt int) int {
	var wg sync.WaitGroup
	ch := make(chan int, 4) // want "ch"
	wg.Add(1)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		wg.Done()
	}()
	sum := 0
	for i := 0; i < n; i++ {
		v := <-ch
		if v == stopAt {
			return -1
		}
		sum += v
	}
	wg.Wait()
	return sum
}

func run() {
	_ = pipeline(20, -1)
}
