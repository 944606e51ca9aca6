// Negative: the error branch returns after its send; one value per path.
package main

import "strconv"

func parse(s string) (int, error) {
	type result struct {
		v   int
		err error
	}
	ch := make(chan result)
	go func() {
		v, err := strconv.Atoi(s)
		if err != nil {
			ch <- result{err: err}
			return
		}
		ch <- result{v: v}
	}()
	r := <-ch
	return r.v, r.err
}

func run() {
	_, _ = parse("x")
}
