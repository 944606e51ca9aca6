// Positive: an earlier channel of the function is sent on once, so it will
// never get a stop channel of its own; the producer's stop channel takes the
// plain name stopCh.
package main

import "errors"

func scan(lines []string, limit int) (int, error) {
	errCh := make(chan error, 1)
	go func() {
		if len(lines) == 0 {
			errCh <- errors.New("empty input")
		}
		close(errCh)
	}()
	if err := <-errCh; err != nil {
		return 0, err
	}
	words := make(chan string) // want "words"
	go func() {
		defer close(words)
		for _, l := range lines {
			words <- l
		}
	}()
	n := 0
	for w := range words {
		n += len(w)
		if n > limit {
			return n, errors.New("too long")
		}
	}
	return n, nil
}

func run() {
	_, _ = scan([]string{"alpha", "beta", "gamma", "delta"}, 6)
}
