// Positive: a three-clause loop starts n single-shot senders, n being an int
// declared before the make; only the first result is received. Fix:
// capacity n.
package main

import (
	"fmt"
	"time"
)

func attempt(i int) int {
	time.Sleep(time.Duration(5*(i+1)) * time.Millisecond)
	return i
}

func hedgedRequest() int {
	n := 4
	doneCh := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			doneCh <- attempt(i) // want "doneCh"
		}()
	}
	return <-doneCh
}

func run() {
	fmt.Println("winner:", hedgedRequest())
}
