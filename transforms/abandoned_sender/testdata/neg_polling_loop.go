// Negative: the receiver polls with a non-blocking select until the value
// arrives; the loop only ends in the case that receives it, so the default
// case is not a way out. No finding.
package main

import (
	"runtime"
	"time"
)

func waitReady() int {
	readyCh := make(chan bool)
	go func() {
		time.Sleep(time.Millisecond)
		readyCh <- true
	}()
	polls := 0
	done := false
	for !done {
		select {
		case <-readyCh:
			done = true
		default:
			polls++
			runtime.Gosched()
		}
	}
	return polls
}

func run() {
	_ = waitReady()
}
