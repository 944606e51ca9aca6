// Positive (single send, struct field): the constructor makes the result
// field and launches the one goroutine that sends on it, once. wait, a
// method, gives up after its timeout; the send then blocks forever.
// Each channel gets exactly one send, so capacity 1 at the make is the fix.
package main

import (
	"errors"
	"time"
)

type job struct {
	result chan error
}

func startJob(d time.Duration) *job {
	j := &job{result: make(chan error)} // want "producer goroutine can block forever sending on job.result: the consumer \(\*job\).wait may leave by `select` at line 29 on <-time.After\(timeout\)"
	go func() {
		time.Sleep(d)
		j.result <- nil
	}()
	return j
}

func (j *job) wait(timeout time.Duration) error {
	select {
	case err := <-j.result:
		return err
	case <-time.After(timeout):
		return errors.New("timed out")
	}
}

func run() {
	j := startJob(20 * time.Millisecond)
	_ = j.wait(time.Millisecond)
}
