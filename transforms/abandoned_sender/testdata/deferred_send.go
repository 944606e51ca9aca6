// Positive: the worker reports its error from a deferred closure, so it is
// sent whatever path the worker takes; the caller stops waiting on timeout.
package main

import (
	"errors"
	"time"
)

func work() error {
	time.Sleep(20 * time.Millisecond)
	return errors.New("failed")
}

func runJob(limit time.Duration) error {
	errCh := make(chan error)
	go func() {
		var err error
		defer func() {
			errCh <- err // want "errCh"
		}()
		err = work()
	}()
	select {
	case err := <-errCh:
		return err
	case <-time.After(limit):
		return errors.New("job timed out")
	}
}

func run() {
	_ = runJob(5 * time.Millisecond)
}
