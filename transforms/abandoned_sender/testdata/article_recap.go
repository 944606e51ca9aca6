// Positive: the article's recap listing. The sender goroutine's function
// literal returns the channel, but a goroutine's results are dropped, so
// the channel does not escape: the receiver's timeout still abandons it.
package main

import (
	"errors"
	"fmt"
	"time"
)

func chanLeakOfMemory() {
	errCh := make(chan error) // (1)
	go func() chan error {    // (5)
		time.Sleep(20 * time.Millisecond)
		errCh <- errors.New("chan error") // (2) // want "errCh"
		return errCh
	}()

	var err error
	select {
	case <-time.After(10 * time.Millisecond): // (3)
		fmt.Println("timeout")
	case err = <-errCh: // (4)
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
