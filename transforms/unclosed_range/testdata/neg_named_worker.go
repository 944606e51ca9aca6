// Negative: the channel is handed to a named worker function; chanfix does
// not follow it there. The code closes it correctly anyway.
package main

import "sync"

func worker(in <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for v := range in {
		_ = v
	}
}

func start(xs []int) {
	var wg sync.WaitGroup
	in := make(chan int)
	wg.Add(1)
	go worker(in, &wg)
	for _, x := range xs {
		in <- x
	}
	close(in)
	wg.Wait()
}

func run() {
	start([]int{1, 2, 3})
}
