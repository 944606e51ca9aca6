// Report only: the receiver defers `close(result)`, which runs however it
// leaves, so the sender it abandons on timeout does not block forever: its
// late send panics. Only this rule reports it (abandoned-sender stays
// silent: nothing blocks; see tests/one_finding_per_bug.rs).
// evidence: panics "send on closed channel"
package main

import (
	"errors"
	"time"
)

func lookup(delay time.Duration) (string, error) {
	result := make(chan string)
	defer close(result) // want "close\(result\) may run while a goroutine still sends on it"
	go func() {
		time.Sleep(delay)
		result <- "found"
	}()
	select {
	case v := <-result:
		return v, nil
	case <-time.After(time.Millisecond):
		return "", errors.New("lookup timed out")
	}
}

func run() {
	_, _ = lookup(20 * time.Millisecond)
	time.Sleep(40 * time.Millisecond)
}
