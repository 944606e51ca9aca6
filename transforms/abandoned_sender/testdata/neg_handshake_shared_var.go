// Negative (finding without fix): the unbuffered send is a handshake. After
// the send the sender counts the lease as handed over, and the receiver
// reads that counter after receiving. Buffering the channel would let the
// sender count leases nobody took, so the rule must report but not rewrite.
// run() takes the path where the lease is received: no leak.
package main

import (
	"fmt"
	"sync"
	"time"
)

var (
	mu        sync.Mutex
	handedOff int
)

func acquireLease(timeout time.Duration) (string, bool) {
	leaseCh := make(chan string)
	go func() {
		leaseCh <- "lease-7" // want "leaseCh"
		mu.Lock()
		handedOff++
		mu.Unlock()
	}()

	select {
	case l := <-leaseCh:
		return l, true
	case <-time.After(timeout):
		return "", false
	}
}

func run() {
	l, ok := acquireLease(50 * time.Millisecond)
	time.Sleep(5 * time.Millisecond)
	mu.Lock()
	fmt.Println(l, ok, "leases handed off:", handedOff)
	mu.Unlock()
}
