// Reported without a fix: the caller can abandon the future, but it also
// reads the channel's length, which a buffer would change.
package main

import (
	"fmt"
	"time"
)

func probe(host string) <-chan bool {
	up := make(chan bool)
	go func() {
		time.Sleep(20 * time.Millisecond)
		up <- host != "" // want "probe returns it to a caller that may take the select case `case <-time.After\(time.Millisecond\)`"
	}()
	return up
}

func reachable(host string) bool {
	up := probe(host)
	if len(up) > 0 {
		fmt.Println("answer already waiting")
	}
	select {
	case ok := <-up:
		return ok
	case <-time.After(time.Millisecond):
		return false
	}
}

func run() {
	fmt.Println(reachable("db"))
}

// evidence: leaks
