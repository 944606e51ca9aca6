// Negative (method value of an interface): `send := n.send` binds the
// method of a parameter of interface type; the package's one concrete
// send is only one of the types that may stand behind it, so it is not
// followed. No finding; here the value arrives before the timeout, and
// nothing leaks.
package main

import (
	"fmt"
	"time"
)

type notifier interface {
	send(msg string, sent chan<- bool)
}

type console struct{}

func (console) send(msg string, sent chan<- bool) {
	fmt.Println(msg)
	sent <- true
}

func announce(n notifier, msg string) bool {
	send := n.send
	sent := make(chan bool)
	go send(msg, sent)
	select {
	case ok := <-sent:
		return ok
	case <-time.After(time.Second):
		return false
	}
}

func run() {
	fmt.Println(announce(console{}, "hi"))
}
