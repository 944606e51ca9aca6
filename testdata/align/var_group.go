// Property-test input: the article's error channel declared in a var group,
// where gofmt aligns the names, the values and the trailing comments.
package main

import (
	"errors"
	"time"
)

func fetch() error {
	var (
		errCh   = make(chan error)
		timeout = 10 * time.Millisecond
	)
	go func() {
		time.Sleep(50 * time.Millisecond)
		errCh <- errors.New("late")
	}()
	select {
	case err := <-errCh:
		return err
	case <-time.After(timeout):
		return nil
	}
}
