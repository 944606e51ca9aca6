// Positive: the channel variable is declared first and made later with a
// plain assignment; the receiver may give up on a timer.
package main

import "time"

func lookup(key string, limit time.Duration) (string, bool) {
	var resultCh chan string
	resultCh = make(chan string)
	go func() {
		time.Sleep(20 * time.Millisecond)
		resultCh <- "value-of-" + key // want "resultCh"
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case v := <-resultCh:
		return v, true
	case <-timer.C:
		return "", false
	}
}

func run() {
	_, _ = lookup("k", 5*time.Millisecond)
}
