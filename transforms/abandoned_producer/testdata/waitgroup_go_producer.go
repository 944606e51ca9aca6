// Positive: the producer is a literal started with sync.WaitGroup.Go; it
// sends one result per part, and the consumer returns on the first error,
// leaving it blocked on its next send. The fix adds a stop channel the
// consumer closes on every way out.
package main

import (
	"errors"
	"sync"
)

func check(p int) error {
	if p < 0 {
		return errors.New("negative part")
	}
	return nil
}

func firstError(parts []int) error {
	results := make(chan error) // want "producer goroutine can block forever sending on results: the consumer may leave by `return` at line 29 before results is drained"
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, p := range parts {
			results <- check(p)
		}
	})
	for range parts {
		if err := <-results; err != nil {
			return err
		}
	}
	wg.Wait()
	return nil
}

func run() {
	_ = firstError([]int{1, -2, 3, 4})
}
