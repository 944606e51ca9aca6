// Positive: the worker reports a failure and then, missing a return, its
// final result: two sends into a buffer of one. When the caller gives up
// before reading, the second send blocks forever. Two values are all it can
// ever send, so room for both releases it without a stop channel.
package main

import (
	"errors"
	"runtime"
	"time"
)

type tester struct{}

func (tester) Fatalf(format string, args ...any) { runtime.Goexit() }

func callService(t tester, ready func() bool) {
	doneErrCh := make(chan error, 1) // want "doneErrCh: the consumer may leave by `t.Fatalf` at line 30"
	go func() {
		err := errors.New("unavailable")
		if err != nil {
			doneErrCh <- err
		}
		doneErrCh <- nil
	}()
	for i := 0; i < 3; i++ {
		time.Sleep(time.Millisecond)
	}
	if !ready() {
		t.Fatalf("service never became ready")
	}
	if err := <-doneErrCh; err != nil {
		return
	}
}

func run() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		callService(tester{}, func() bool { return false })
	}()
	<-done
}
