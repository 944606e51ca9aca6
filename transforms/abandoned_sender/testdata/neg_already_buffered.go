// Negative: the channel already has capacity 1 for its single sender, so
// the sender completes even though the receiver timed out.
package main

import (
	"errors"
	"fmt"
	"time"
)

func ping(addr string) error {
	errCh := make(chan error, 1)
	go func() {
		time.Sleep(30 * time.Millisecond)
		errCh <- errors.New("connection refused: " + addr)
		fmt.Println("finish sending")
	}()

	select {
	case err := <-errCh:
		return err
	case <-time.After(10 * time.Millisecond):
		return errors.New("ping timed out")
	}
}

func run() {
	fmt.Println(ping("10.0.0.1:80"))
}
