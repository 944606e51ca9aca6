// Negative (a literal sender waits on the receiver first): the goroutine
// receives a go-ahead that the receiver sends only after its early return,
// then sends once. On the early return it is stuck on that receive, not on
// its send, so a buffer would release nothing: no finding. run() takes the
// path that sends the go-ahead, and nothing leaks.
package main

import (
	"errors"
	"fmt"
)

func confirm(ok bool) (string, error) {
	start := make(chan string)
	reply := make(chan string)
	go func() {
		name := <-start
		reply <- "hello " + name
	}()
	if !ok {
		return "", errors.New("not allowed")
	}
	start <- "gopher"
	return <-reply, nil
}

func run() {
	fmt.Println(confirm(true))
}
