// Positive: two separate single-shot sender goroutines (primary and backup)
// share one channel; the receiver keeps the first answer or times out.
// Here the deadline wins, so both senders are stranded; capacity 1 would
// still strand one of them. Fix: capacity 2.
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
		valCh <- readFrom("primary", 30*time.Millisecond) // want "valCh"
	}()
	go func() {
		valCh <- readFrom("backup", 50*time.Millisecond)
	}()

	select {
	case v := <-valCh:
		return v
	case <-time.After(10 * time.Millisecond):
		return ""
	}
}

func run() {
	fmt.Println(readKey())
}
