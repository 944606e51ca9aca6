// Positive: as in the negative twin, a pair of channels with one sender
// that sends on exactly one; but the caller can also leave on the context
// and then neither is received. Both channels get capacity one.
package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

func parse(s string) (<-chan int, <-chan error) {
	values := make(chan int)
	errs := make(chan error)
	go func() {
		time.Sleep(20 * time.Millisecond)
		n, err := strconv.Atoi(s)
		if err != nil {
			errs <- errors.New("not a number: " + s) // want "errs: parse returns it to a caller that may take the select case `case <-ctx.Done\(\)`"
			return
		}
		values <- n // want "values: parse returns it to a caller that may take the select case `case <-ctx.Done\(\)`"
	}()
	return values, errs
}

func parseOrZero(ctx context.Context, s string) int {
	values, errs := parse(s)
	select {
	case n := <-values:
		return n
	case err := <-errs:
		fmt.Println(err)
		return 0
	case <-ctx.Done():
		return -1
	}
}

func run() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	fmt.Println(parseOrZero(ctx, "12"), parseOrZero(ctx, "x"))
}
