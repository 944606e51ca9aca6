// Negative (operand of interface type): `go s.store(v, done)` calls a
// method of an interface; the package's one concrete store is only one of
// the types that may stand behind it, so it is not followed. No finding;
// the receiver always receives, and nothing leaks.
package main

import "fmt"

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
	return <-done
}

func run() {
	fmt.Println(save(&memory{}, "x"))
}
