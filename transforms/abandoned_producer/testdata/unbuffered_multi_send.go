// Positive: an unbuffered channel whose producer sends three progress
// messages without a loop; the consumer gives up on its deadline and the
// producer blocks on the last send.
package main

import (
	"errors"
	"time"
)

func dial(timeout time.Duration) error {
	progress := make(chan string) // want "progress"
	go func() {
		defer close(progress)
		progress <- "resolving"
		time.Sleep(2 * time.Millisecond)
		progress <- "connecting"
		time.Sleep(30 * time.Millisecond)
		progress <- "connected"
	}()
	deadline := time.After(timeout)
	for {
		select {
		case p, ok := <-progress:
			if !ok || p == "connected" {
				return nil
			}
		case <-deadline:
			return errors.New("dial: timeout")
		}
	}
}

func run() {
	_ = dial(10 * time.Millisecond)
}
