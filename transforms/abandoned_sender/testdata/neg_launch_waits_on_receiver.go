// Negative (the sender waits on the receiver first): tally ranges over
// counts, which the receiver closes only after its early return, and sends
// its sum as it returns (deferred). On the early return tally is stuck on
// the range, not on its send: a buffer on sums would release nothing, so
// no finding. run() takes the path that closes counts, and nothing leaks.
package main

import (
	"errors"
	"fmt"
)

func tally(counts <-chan int, sums chan<- int) {
	sum := 0
	defer func() {
		sums <- sum
	}()
	for c := range counts {
		sum += c
	}
}

func total(items []int) (int, error) {
	counts := make(chan int, len(items))
	sums := make(chan int)
	go tally(counts, sums)
	for _, it := range items {
		if it < 0 {
			return 0, errors.New("negative item")
		}
		counts <- it
	}
	close(counts)
	return <-sums, nil
}

func run() {
	fmt.Println(total([]int{1, 2, 3}))
}
