// Positive: the channel is handed to a helper of the package that is its
// only receiver; the helper gives up after a timeout and the sender is
// left blocked. Capacity one at the make releases it.
package main

import (
	"errors"
	"fmt"
	"time"
)

func flush(name string) error {
	time.Sleep(40 * time.Millisecond)
	return fmt.Errorf("flush %s failed", name)
}

func within(limit time.Duration, errs <-chan error) error {
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case err := <-errs:
		return err
	case <-timer.C:
		return errors.New("gave up waiting")
	}
}

func flushAll(name string) error {
	errCh := make(chan error)
	go func() {
		errCh <- flush(name) // want "it is handed to within, which may take the select case `case <-timer.C` \(line 23\)"
	}()
	return within(5*time.Millisecond, errCh)
}

func run() {
	fmt.Println(flushAll("journal"))
}
