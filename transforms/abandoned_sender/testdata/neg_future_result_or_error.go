// Negative: the future is a pair of channels, and its one sender sends on
// exactly one of them as its last act. A caller that receives from either
// has released the sender: nothing is left blocked.
package main

import (
	"errors"
	"fmt"
	"strconv"
)

func parse(s string) (<-chan int, <-chan error) {
	values := make(chan int)
	errs := make(chan error)
	go func() {
		n, err := strconv.Atoi(s)
		if err != nil {
			errs <- errors.New("not a number: " + s)
			return
		}
		values <- n
	}()
	return values, errs
}

func parseOrZero(s string) int {
	values, errs := parse(s)
	select {
	case n := <-values:
		return n
	case err := <-errs:
		fmt.Println(err)
		return 0
	}
}

func run() {
	fmt.Println(parseOrZero("12"), parseOrZero("x"))
}
