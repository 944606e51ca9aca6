// Negative: the right fix for the article's leak: capacity for the one
// send, and no close. The late sender finds room and exits.
package main

import (
	"errors"
	"time"
)

func fetch() error {
	errCh := make(chan error, 1)
	go func() {
		time.Sleep(5 * time.Millisecond)
		errCh <- errors.New("slow")
	}()
	select {
	case <-time.After(time.Millisecond):
		return errors.New("timeout")
	case err := <-errCh:
		return err
	}
}

func run() {
	_ = fetch()
}
