// Negative: senders launched one after another, each received before the
// next is launched. The receiver may give up between the two, but then only
// the first sender was launched, and it was already received. No finding.
package main

import (
	"errors"
	"runtime"
)

type tester struct{}

func (tester) Fatalf(format string, args ...any) { runtime.Goexit() }

func twoSteps(t tester, second bool) {
	stepCh := make(chan error)
	go func() {
		stepCh <- nil
	}()
	if err := <-stepCh; err != nil {
		t.Fatalf("step 1: %v", err)
	}
	if !second {
		t.Fatalf("second step disabled")
	}
	go func() {
		stepCh <- errors.New("step 2 failed")
	}()
	if err := <-stepCh; err != nil {
		return
	}
}

func resized(t tester) {
	doneCh := make(chan bool, 1)
	go func() {
		doneCh <- true
	}()
	if !<-doneCh {
		t.Fatalf("first run failed")
	}
	go func() {
		doneCh <- false
	}()
	if <-doneCh {
		t.Fatalf("second run succeeded")
	}
}

func run() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		twoSteps(tester{}, false)
	}()
	<-done
	done2 := make(chan struct{})
	go func() {
		defer close(done2)
		resized(tester{})
	}()
	<-done2
}
