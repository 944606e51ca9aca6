// Positive: the most common production shape. One goroutine per item sends
// its error; the receiver returns on the first error, and the goroutines
// behind it block forever. Capacity len(items) lets them all finish.
package main

import (
	"errors"
	"time"
)

func check(item int) error {
	time.Sleep(time.Duration(item) * time.Millisecond)
	if item%2 == 0 {
		return errors.New("even item")
	}
	return nil
}

func checkAll(items []int) error {
	errCh := make(chan error)
	for _, item := range items {
		go func() {
			errCh <- check(item) // want "errCh: the receiver may leave by `return` at line 28"
		}()
	}
	for range items {
		if err := <-errCh; err != nil {
			return err
		}
	}
	return nil
}

func run() {
	_ = checkAll([]int{2, 3, 5, 7})
}
