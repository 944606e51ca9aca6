// Negative: the channel is only closed, never sent on; a close never blocks,
// so giving up on it (timeout) strands nobody.
package main

import (
	"fmt"
	"time"
)

func waitReady(name string) bool {
	ready := make(chan struct{})
	go func() {
		time.Sleep(30 * time.Millisecond)
		fmt.Println(name, "initialised")
		close(ready)
	}()

	select {
	case <-ready:
		return true
	case <-time.After(10 * time.Millisecond):
		return false
	}
}

func run() {
	fmt.Println("ready:", waitReady("indexer"))
}
