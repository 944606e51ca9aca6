// Positive: two separate single-shot sender goroutines (primary and backup)
// share one channel; the receiver keeps the first answer or times out.
// Either way at least one sender is stranded. Fix: capacity 2.
package main

import (
	"fmt"
	"time"
)

func readFrom(replica string, delay time.Duration) string {
	time.Sleep(delay)
	return "value from " + replica
}

func readKey() string {
	valCh := make(chan string)
	go func() {
		valCh <- readFrom("primary", 20*time.Millisecond) // want "valCh"
	}()
	go func() {
		valCh <- readFrom("backup", 40*time.Millisecond)
	}()

	select {
	case v := <-valCh:
		return v
	case <-time.After(100 * time.Millisecond):
		return ""
	}
}

func run() {
	fmt.Println(readKey())
}
