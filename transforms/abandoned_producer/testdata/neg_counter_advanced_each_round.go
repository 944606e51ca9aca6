// Negative: the producer's loop has no post statement, but every round that
// goes on runs `sent++`, and nothing else moves the counter, so it makes at
// most 63 rounds and at most 63 sends: they all fit the capacity of 64,
// whatever the consumer does. No finding.
package main

import (
	"errors"
	"time"
)

func probe(n int) error {
	if n%3 == 0 {
		return errors.New("probe failed")
	}
	return nil
}

func collectFailures(stop chan struct{}) int {
	failures := make(chan error, 64)
	go func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for sent := 1; sent < 64; {
			select {
			case <-stop:
				return
			case <-tick.C:
				if err := probe(sent); err != nil {
					failures <- err
				}
				sent++
			}
		}
	}()
	count := 0
	for {
		select {
		case <-failures:
			count++
			if count == 3 {
				return count
			}
		case <-time.After(20 * time.Millisecond):
			return count
		}
	}
}

func run() {
	stop := make(chan struct{})
	defer close(stop)
	_ = collectFailures(stop)
}
