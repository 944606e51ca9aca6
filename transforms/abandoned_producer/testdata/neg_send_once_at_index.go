// Negative: the send sits in the worker's loop, but under `if i == total/2`
// in a loop over `i`, which takes each value once: it happens once a run,
// and the consumer receives it before anything else. No finding.
package main

import (
	"errors"
	"strconv"
)

var journal []string

func record(i int) {
	journal = append(journal, strconv.Itoa(i))
}

func rotate(fail bool) error {
	if fail {
		return errors.New("rotate failed")
	}
	journal = journal[:0]
	return nil
}

func rotateHalfway(fail bool) error {
	total := 20
	half := make(chan struct{})
	finished := make(chan bool, 1)
	go func() {
		for i := range total {
			record(i)
			if i == total/2 {
				half <- struct{}{}
			}
		}
		finished <- true
	}()
	<-half
	if err := rotate(fail); err != nil {
		return err
	}
	<-finished
	return nil
}

func run() {
	_ = rotateHalfway(false)
	_ = rotateHalfway(true)
}
