// Positive: the channel is declared in a grouped var block; the receiver
// returns on its deadline without receiving.
package main

import (
	"errors"
	"time"
)

func fetch(deadline time.Duration) error {
	var (
		errCh = make(chan error)
		start = time.Now()
	)
	go func() {
		time.Sleep(20 * time.Millisecond)
		errCh <- errors.New("slow backend") // want "errCh"
	}()
	select {
	case err := <-errCh:
		return err
	case <-time.After(deadline):
		return errors.New("deadline exceeded after " + time.Since(start).String())
	}
}

func run() {
	_ = fetch(5 * time.Millisecond)
}
