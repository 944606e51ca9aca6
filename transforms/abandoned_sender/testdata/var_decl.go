// Positive: declaration form `var x = make(chan T)`; the deadline wins and
// the DNS sender is abandoned.
package main

import (
	"fmt"
	"time"
)

func resolve(host string) string {
	var addrCh = make(chan string)
	go func() {
		time.Sleep(50 * time.Millisecond)
		addrCh <- "10.0.0.7" // want "addrCh"
		fmt.Println("resolved", host)
	}()

	deadline := time.After(10 * time.Millisecond)
	select {
	case a := <-addrCh:
		return a
	case <-deadline:
		return ""
	}
}

func run() {
	if resolve("api.internal") == "" {
		fmt.Println("dns timeout")
	}
}
