// Positive: the sender has two sends on mutually exclusive paths (error,
// then success); at most one value is ever sent, so capacity 1 is enough.
// The receiver times out and neither send is ever received.
package main

import (
	"errors"
	"fmt"
	"time"
)

func validate(name string) error {
	time.Sleep(30 * time.Millisecond)
	if name == "" {
		return errors.New("empty name")
	}
	return nil
}

func register(name string) error {
	errCh := make(chan error)
	go func() {
		if err := validate(name); err != nil {
			errCh <- err // want "errCh"
			return
		}
		errCh <- nil
	}()

	select {
	case err := <-errCh:
		return err
	case <-time.After(10 * time.Millisecond):
		return errors.New("register: timed out")
	}
}

func run() {
	fmt.Println(register("gopher"))
}
