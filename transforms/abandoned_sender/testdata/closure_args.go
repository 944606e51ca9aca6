// Positive: the sender is a function literal that takes the channel as a
// parameter, go func(out chan<- error) { ... }(errCh); the timeout wins.
package main

import (
	"errors"
	"fmt"
	"time"
)

func migrate(version int) error {
	errCh := make(chan error)
	go func(out chan<- error, v int) {
		time.Sleep(50 * time.Millisecond)
		if v < 0 {
			out <- errors.New("bad version") // want "errCh"
			return
		}
		out <- nil
		fmt.Println("migrated to", v)
	}(errCh, version)

	select {
	case err := <-errCh:
		return err
	case <-time.After(10 * time.Millisecond):
		return errors.New("migration timed out")
	}
}

func run() {
	fmt.Println(migrate(12))
}
