// Negative: each worker sends at most one error and returns right after it,
// so eight workers fit the channel's capacity of eight: nothing can block,
// whatever the consumer does. No finding.
package main

import (
	"errors"
	"sync"
)

func verify(items []int) error {
	var wg sync.WaitGroup
	errCh := make(chan error, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, it := range items {
				if it < 0 {
					errCh <- errors.New("negative item")
					return
				}
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-errCh:
		return err
	default:
		return nil
	}
}

func firstBad(items []int) (int, bool) {
	found := make(chan int, 1)
	go func() {
		for _, it := range items {
			if it%7 == 0 {
				found <- it
				break
			}
		}
	}()
	select {
	case v := <-found:
		return v, true
	default:
		return 0, false
	}
}

func run() {
	_ = verify([]int{1, -2, 3})
	_, _ = firstBad([]int{1, 14, 21})
}
