// Positive: the error branch sends the error and falls through to the
// normal send; the caller has taken the error and gone, so the second send
// blocks forever. The fix is the missing return.
package main

import (
	"errors"
	"strconv"
)

type result struct {
	val int
	err error
}

func parse(s string) (int, error) {
	results := make(chan result) // want "send on results at line 21 and again at line 23, but only one value is taken"
	go func() {
		v, err := strconv.Atoi(s)
		if err != nil {
			results <- result{err: errors.New("bad number")}
		}
		results <- result{val: v}
	}()
	r := <-results
	return r.val, r.err
}

func run() {
	_, _ = parse("x")
}
