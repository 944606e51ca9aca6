// Positive (package): the receiver leaves through giveUp, a helper declared
// in another file of the package that always ends the calling goroutine.
// The sender is left blocked; a buffer of one releases it.
package main

import "sync"

func consume(bad bool) {
	done := make(chan bool)
	go func() {
		done <- true // want "the receiver may leave by `giveUp` at line 14 without receiving"
	}()
	if bad {
		giveUp()
	}
	<-done
}

func run() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		consume(true)
	}()
	wg.Wait()
}
