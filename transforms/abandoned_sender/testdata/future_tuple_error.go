// Positive: a future returned with an error, (<-chan T, error). The
// generator returns a non-nil error only before it starts the sender, so
// the caller's `if err != nil` branch strands nothing; the timeout case
// afterwards does.
package main

import (
	"errors"
	"fmt"
	"time"
)

type job struct{ size int }

func start(j job) (<-chan int, error) {
	if j.size <= 0 {
		return nil, errors.New("empty job")
	}
	result := make(chan int)
	go func() {
		time.Sleep(30 * time.Millisecond)
		result <- j.size * 2 // want "start returns it to a caller that may take the select case `case <-time.After\(5 \* time.Millisecond\)`"
	}()
	return result, nil
}

func runJob(j job) (int, error) {
	res, err := start(j)
	if err != nil {
		return 0, err
	}
	select {
	case n := <-res:
		return n, nil
	case <-time.After(5 * time.Millisecond):
		return 0, errors.New("job timed out")
	}
}

func run() {
	_, err := runJob(job{size: 3})
	fmt.Println(err)
}
