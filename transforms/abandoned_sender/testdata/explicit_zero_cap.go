// Positive: `make(chan T, 0)` is just as unbuffered as `make(chan T)`; the
// timeout wins and the sender blocks. Fix: capacity 0 becomes 1.
package main

import (
	"fmt"
	"time"
)

func flush(buf []byte) error {
	time.Sleep(50 * time.Millisecond)
	fmt.Println("flushed", len(buf), "bytes")
	return nil
}

func flushWithTimeout(buf []byte) error {
	errCh := make(chan error, 0)
	go func() {
		errCh <- flush(buf) // want "errCh"
	}()

	select {
	case err := <-errCh:
		return err
	case <-time.After(10 * time.Millisecond):
		return fmt.Errorf("flush: timed out after %v", 10*time.Millisecond)
	}
}

func run() {
	fmt.Println(flushWithTimeout(make([]byte, 512)))
}
