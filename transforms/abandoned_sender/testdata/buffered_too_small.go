// Positive: the author buffered one value, but two goroutines send one each
// and the receiver takes at most one before the deadline: the second sender
// blocks forever. The fix makes room for both.
package main

import (
	"errors"
	"time"
)

func replicate(timeout time.Duration) error {
	errCh := make(chan error, 1)
	go func() {
		time.Sleep(30 * time.Millisecond)
		errCh <- errors.New("primary failed") // want "errCh: the receiver may take the select case `case <-time.After\(timeout\)`"
	}()
	go func() {
		time.Sleep(40 * time.Millisecond)
		errCh <- errors.New("replica failed")
	}()
	select {
	case err := <-errCh:
		return err
	case <-time.After(timeout):
		return errors.New("timed out")
	}
}

func run() {
	_ = replicate(10 * time.Millisecond)
}
