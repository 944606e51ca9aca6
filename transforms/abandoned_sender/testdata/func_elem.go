// Positive: the element type is a func type; the goroutine builds a
// cleanup callback and hands it over, but the caller has already timed out.
package main

import (
	"fmt"
	"time"
)

func openSession(user string) (func(), bool) {
	closeCh := make(chan func() error)
	go func() {
		time.Sleep(50 * time.Millisecond)
		closeCh <- func() error { // want "closeCh"
			fmt.Println("closing session of", user)
			return nil
		}
	}()

	select {
	case closeFn := <-closeCh:
		return func() { _ = closeFn() }, true
	case <-time.After(10 * time.Millisecond):
		return nil, false
	}
}

func run() {
	if _, ok := openSession("alice"); !ok {
		fmt.Println("session open timed out")
	}
}
