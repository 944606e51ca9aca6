// Positive: the receiver gives up through a helper of the same file that
// always ends in Fatalf (which stops the goroutine like t.Fatalf does), so
// the sender is never received from.
package main

import (
	"errors"
	"runtime"
	"time"
)

type checker struct{ failed bool }

func (c *checker) Fatalf(format string, args ...any) {
	c.failed = true
	runtime.Goexit()
}

func giveUp(c *checker, err error) {
	c.Fatalf("giving up: %v", err)
}

func checkUpload(c *checker, prepare func() error) int {
	sizeCh := make(chan int)
	go func() {
		time.Sleep(5 * time.Millisecond)
		sizeCh <- 42 // want "sizeCh: the receiver may leave by `giveUp` at line 30"
	}()
	if err := prepare(); err != nil {
		giveUp(c, err)
	}
	return <-sizeCh
}

func run() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		checkUpload(&checker{}, func() error { return errors.New("no space") })
	}()
	<-done
}
