// Negative: the generator may return a nil error without starting the
// sender, and the caller's early return tests that error: the walk cannot
// tell the paths apart, so it stays silent.
package main

import (
	"errors"
	"fmt"
)

func maybeStart(skip bool) (<-chan int, error) {
	if skip {
		return nil, nil
	}
	out := make(chan int)
	go func() {
		out <- 7
	}()
	return out, nil
}

func use(skip bool) (int, error) {
	out, err := maybeStart(skip)
	if err != nil {
		return 0, err
	}
	if out == nil {
		return 0, errors.New("skipped")
	}
	return <-out, nil
}

func run() {
	fmt.Println(use(true))
	fmt.Println(use(false))
}
