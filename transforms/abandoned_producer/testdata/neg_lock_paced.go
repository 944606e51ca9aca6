// Negative: each send needs a lock that only the consumer's Unlock, after
// its receive, gives back. When the consumer leaves early the producer is
// waiting for the lock, not blocked on a send: a stop channel would not
// release it. No finding.
package main

import "sync"

func lockstep(n, limit int) int {
	var mu sync.Mutex
	vals := make(chan int, 1)
	go func() {
		for i := 0; i < n; i++ {
			mu.Lock()
			vals <- i
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		v := <-vals
		sum += v
		if sum > limit {
			return sum
		}
		mu.Unlock()
	}
	return sum
}

func run() {
	_ = lockstep(5, 1000)
}
