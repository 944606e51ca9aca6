// Positive: the receiver waits on a time.NewTimer; the timer fires first
// and the result sender is left blocked on the unbuffered channel.
package main

import (
	"fmt"
	"time"
)

func lookupPrice(sku string) (int, bool) {
	priceCh := make(chan int)
	go func() {
		time.Sleep(50 * time.Millisecond) // slow pricing backend
		priceCh <- len(sku) * 100         // want "priceCh"
	}()

	timer := time.NewTimer(10 * time.Millisecond)
	defer timer.Stop()
	select {
	case p := <-priceCh:
		return p, true
	case <-timer.C:
		return 0, false
	}
}

func run() {
	if _, ok := lookupPrice("sku-42"); !ok {
		fmt.Println("price lookup timed out")
	}
}
