// Positive: the article's scenario. The receiver selects on the error
// channel and time.After; the timeout wins, nobody ever receives, and the
// sender blocks forever on its unbuffered send.
package main

import (
	"errors"
	"fmt"
	"time"
)

func chanLeakOfMemory() {
	errCh := make(chan error)
	go func() {
		time.Sleep(50 * time.Millisecond)
		errCh <- errors.New("chan error") // want "errCh"
		fmt.Println("finish sending")
	}()

	var err error
	select {
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timeout")
	case err = <-errCh:
		if err != nil {
			fmt.Println(err)
		} else {
			fmt.Println(nil)
		}
	}
}

func run() {
	chanLeakOfMemory()
}
