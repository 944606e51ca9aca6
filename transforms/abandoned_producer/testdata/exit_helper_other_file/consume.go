// Positive (package): the consumer leaves through giveUp, declared in
// helpers.go, which always ends the calling goroutine; the producer is left
// blocked on its next send. The stop channel is closed by a deferred call,
// which runs when the goroutine exits too.
package main

import "sync"

func consume(limit int) {
	ch := make(chan int) // want "ch"
	go func() {
		for i := 0; ; i++ {
			ch <- i
		}
	}()
	for v := range ch {
		if v > limit {
			giveUp()
		}
	}
}

func run() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		consume(3)
	}()
	wg.Wait()
}
