// Negative (finding without fix): after the unbuffered send the sender
// reports the delivery on a second channel; that report is only true
// because the send was a handshake. A buffer would turn it into a lie, so
// the rule must report but not rewrite. run() receives the frame: no leak.
package main

import (
	"fmt"
	"time"
)

func deliver(frame []byte, delivered chan<- int, timeout time.Duration) bool {
	frameCh := make(chan []byte)
	go func() {
		frameCh <- frame // want "frameCh"
		delivered <- len(frame)
	}()

	select {
	case f := <-frameCh:
		fmt.Println("got frame of", len(f), "bytes")
		return true
	case <-time.After(timeout):
		return false
	}
}

func run() {
	delivered := make(chan int, 1)
	if deliver([]byte("hello"), delivered, 50*time.Millisecond) {
		fmt.Println("delivery confirmed:", <-delivered)
	}
}
