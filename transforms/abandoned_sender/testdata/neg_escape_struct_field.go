// Negative: the channel is stored in a struct field, so other code (the
// Wait method) receives from it; no local decision is possible.
package main

import (
	"fmt"
	"time"
)

type job struct {
	name   string
	result chan error
}

func startJob(name string) *job {
	resCh := make(chan error)
	j := &job{name: name}
	j.result = resCh
	go func() {
		time.Sleep(10 * time.Millisecond)
		resCh <- nil
	}()
	return j
}

func (j *job) Wait() error {
	return <-j.result
}

func run() {
	j := startJob("reindex")
	fmt.Println(j.name, "finished:", j.Wait())
}
