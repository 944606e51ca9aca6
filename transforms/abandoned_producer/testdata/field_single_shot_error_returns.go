// Positive (single send, struct field): the constructor starts dial, which
// reports a failure on the unbuffered errs field and returns, and on
// success stores the address and sends nothing; ready gives up after a
// timeout. Every send is followed by a return, so the work later in dial
// never runs after a send: capacity 1 releases the sender and changes
// nothing else.
package main

import (
	"errors"
	"time"
)

type link struct {
	errs chan error
	addr string
}

func newLink(addr string) *link {
	l := &link{errs: make(chan error)} // want "producer goroutine can block forever sending on link.errs: the consumer \(\*link\).ready may leave by `select` at line 43 on <-time.After\(d\)"
	go l.dial(addr)
	return l
}

func (l *link) dial(addr string) {
	defer close(l.errs)
	if addr == "" {
		l.errs <- errors.New("no address")
		return
	}
	time.Sleep(10 * time.Millisecond)
	if addr == "bad" {
		l.errs <- errors.New("refused")
		return
	}
	l.addr = addr
}

func (l *link) ready(d time.Duration) error {
	select {
	case err := <-l.errs:
		return err
	case <-time.After(d):
		return errors.New("timed out")
	}
}

func run() {
	l := newLink("bad")
	_ = l.ready(time.Millisecond)
	time.Sleep(50 * time.Millisecond)
}
