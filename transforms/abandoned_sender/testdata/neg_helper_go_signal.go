// Negative (receiving helper): the worker first waits for a go-signal that
// await sends only after its early way out, and await receives the worker's
// result on its next statement. When await leaves early the worker is
// stuck on the go-signal, not on its send: a buffer would release nothing.
// No finding.
package main

import "errors"

func await(start chan<- struct{}, done <-chan error, ready bool) error {
	if !ready {
		return errors.New("not ready")
	}
	start <- struct{}{}
	return <-done
}

func run() {
	start := make(chan struct{})
	done := make(chan error)
	go func() {
		<-start
		done <- nil
	}()
	_ = await(start, done, true)
}
