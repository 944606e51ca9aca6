// Negative (operand of interface type): `go s.store(v, done)` calls a
// method of an interface; the package's one concrete store is only one of
// the types that may stand behind it, so it is not followed. No finding;
// here the value arrives before the timeout, and nothing leaks.
package main

import (
	"fmt"
	"time"
)

type storer interface {
	store(v string, done chan<- bool)
}

type memory struct{ items []string }

func (m *memory) store(v string, done chan<- bool) {
	m.items = append(m.items, v)
	done <- true
}

func save(s storer, v string) bool {
	done := make(chan bool)
	go s.store(v, done)
	select {
	case ok := <-done:
		return ok
	case <-time.After(time.Second):
		return false
	}
}

func run() {
	fmt.Println(save(&memory{}, "x"))
}
