// Report only: the article's wrong fix. The timeout wins, the deferred close
// runs, and the sender's late send panics.
// evidence: panics "send on closed channel"
package main

import (
	"errors"
	"time"
)

func fetch() error {
	errCh := make(chan error)
	defer close(errCh) // want "close\(errCh\) may run while a goroutine still sends on it: `errCh <- errors.New\(\"slow\"\)` at article_defer_close.go:16:3 would panic"
	go func() {
		time.Sleep(20 * time.Millisecond)
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
