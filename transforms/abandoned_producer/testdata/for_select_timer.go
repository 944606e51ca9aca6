// Positive: the consumer collects events until a timer fires and then
// returns; the producer goroutine blocks on its next send.
package main

import (
	"fmt"
	"time"
)

func collectFor(d time.Duration) []string {
	events := make(chan string, 4) // want "events"
	go func() {
		defer close(events)
		for i := 0; i < 500; i++ {
			events <- fmt.Sprintf("event-%d", i)
			time.Sleep(time.Millisecond)
		}
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	var got []string
	for {
		select {
		case e, ok := <-events:
			if !ok {
				return got
			}
			got = append(got, e)
		case <-timer.C:
			return got
		}
	}
}

func run() {
	_ = collectFor(15 * time.Millisecond)
}
