// Negative: a goroutine that does not receive joins the senders and then
// closes; the declaring function ranges until the close.
package main

import "sync"

func gather(parts [][]int) int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, v := range p {
				out <- v
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	sum := 0
	for v := range out {
		sum += v
	}
	return sum
}

func run() {
	_ = gather([][]int{{1, 2}, {3}})
}
