// Negative: the goroutine sends exactly once into a buffered channel; that
// shape belongs to the abandoned-sender rule, and with capacity 1 it cannot
// block anyway. No finding for abandoned-producer.
package main

import (
	"errors"
	"time"
)

func fetch(timeout time.Duration) (string, error) {
	res := make(chan string, 1)
	go func() {
		time.Sleep(20 * time.Millisecond)
		res <- "payload"
	}()
	select {
	case r := <-res:
		return r, nil
	case <-time.After(timeout):
		return "", errors.New("fetch: timeout")
	}
}

func run() {
	_, _ = fetch(5 * time.Millisecond)
}
