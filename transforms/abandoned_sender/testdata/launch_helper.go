// Positive (helper that launches): the receiver hands the channel to
// startTimer, a helper called without `go` that starts the goroutine
// itself; that goroutine sends once. When the deadline wins, wait returns
// and the goroutine blocks forever. Capacity 1 at the make lets it finish.
package main

import (
	"fmt"
	"time"
)

const pause = 30 * time.Millisecond

func startTimer(fired chan<- time.Duration) {
	go func() {
		time.Sleep(pause)
		fired <- pause
	}()
}

func wait(deadline time.Duration) bool {
	fired := make(chan time.Duration) // want "goroutine started by .startTimer. \(line 23\) can block forever sending on fired"
	startTimer(fired)
	select {
	case <-fired:
		return true
	case <-time.After(deadline):
		return false
	}
}

func run() {
	fmt.Println(wait(5 * time.Millisecond))
}
