// Negative: the sender selects between the send and a done channel that the
// receiver closes on every way out (defer close(done)).
package main

import (
	"fmt"
	"time"
)

func compress(data []byte) ([]byte, bool) {
	done := make(chan struct{})
	defer close(done)

	outCh := make(chan []byte)
	go func() {
		time.Sleep(30 * time.Millisecond)
		select {
		case outCh <- data[:len(data)/2]:
		case <-done:
		}
	}()

	select {
	case out := <-outCh:
		return out, true
	case <-time.After(10 * time.Millisecond):
		return nil, false
	}
}

func run() {
	_, ok := compress(make([]byte, 64))
	fmt.Println("compressed:", ok)
}
