// Negative: the receiver always receives exactly once per send with an
// unconditional `err := <-errCh`, so the unbuffered sender never strands.
package main

import (
	"errors"
	"fmt"
	"time"
)

func backup(dir string) error {
	errCh := make(chan error)
	go func() {
		time.Sleep(10 * time.Millisecond)
		if dir == "" {
			errCh <- errors.New("no directory")
			return
		}
		errCh <- nil
		fmt.Println("backup sent result")
	}()

	fmt.Println("waiting for backup of", dir)
	err := <-errCh
	return err
}

func run() {
	fmt.Println(backup("/srv/data"))
}
