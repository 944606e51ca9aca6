// Positive: declaration form `var x chan T = make(chan T)`; the receiver
// bails out on a cache hit and never receives from the slow path.
package main

import (
	"fmt"
	"time"
)

var cache = map[string]int{"answer": 42}

func compute(key string) int {
	time.Sleep(20 * time.Millisecond)
	return len(key)
}

func get(key string) int {
	var resultCh chan int = make(chan int)
	go func() {
		resultCh <- compute(key) // want "resultCh"
	}()

	if v, ok := cache[key]; ok {
		return v
	}
	return <-resultCh
}

func run() {
	fmt.Println(get("answer"))
}
