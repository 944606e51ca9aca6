// Report only: a return after the first send would skip mu.Unlock(), and
// the next Lock would deadlock; chanfix does not insert it.
// evidence: leaks
package main

import "sync"

var mu sync.Mutex
var hits = map[string]int{}

func record(key string) int {
	out := make(chan int) // want "out"
	go func() {
		mu.Lock()
		if key == "" {
			out <- -1
		}
		hits[key]++
		n := hits[key]
		mu.Unlock()
		out <- n
	}()
	return <-out
}

func run() {
	_ = record("")
}
