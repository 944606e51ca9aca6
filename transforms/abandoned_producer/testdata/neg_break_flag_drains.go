// Negative: the consumer breaks out of its range over the channel only
// right after setting `applyErr` to an error it checked is not nil, and
// drains the channel when `applyErr` is set. When it is not set, the range
// ran to its end: everything was received. No finding.
package main

import (
	"errors"
	"fmt"
)

type batch struct {
	keys []int
}

func apply(key int) error {
	if key < 0 {
		return errors.New("negative key")
	}
	return nil
}

func replay(batches [][]int) (total int, err error) {
	var (
		decoded  = make(chan batch, 4)
		applyErr error
	)
	go func() {
		defer close(decoded)
		for _, keys := range batches {
			decoded <- batch{keys: keys}
		}
	}()

Batches:
	for b := range decoded {
		for _, key := range b.keys {
			if err := apply(key); err != nil {
				applyErr = err
				break Batches
			}
			total++
		}
	}
	fmt.Println("applied", total)

	if applyErr != nil {
		// Drain the channel to release the producer.
		for range decoded {
		}
		return 0, applyErr
	}
	return total, nil
}

func run() {
	batches := make([][]int, 12)
	for i := range batches {
		batches[i] = []int{i, i + 1}
	}
	batches[1] = []int{-1}
	_, _ = replay(batches)
	_, _ = replay(batches[2:])
}
