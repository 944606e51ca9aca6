// Negative: the producer closes `decoded` when it is done (deferred) and
// may send several errors; the consumer ranges over `decoded` to the end,
// so when it checks `errCh` without waiting (the default case) the
// producer has already finished and nothing is left to send. No finding.
package main

import "errors"

func replayAll(records []int) (int, error) {
	decoded := make(chan int, 4)
	errCh := make(chan error, 1)
	go func() {
		defer close(decoded)
		for _, r := range records {
			if r < 0 {
				errCh <- errors.New("corrupt record")
				return
			}
			if r == 0 {
				errCh <- errors.New("empty record")
				continue
			}
			decoded <- r * 10
		}
	}()
	total := 0
	for d := range decoded {
		total += d
	}
	select {
	case err := <-errCh:
		return 0, err
	default:
		return total, nil
	}
}

func run() {
	_, _ = replayAll([]int{1, 0, 4})
	_, _ = replayAll([]int{1, 2, 3})
}
