// Negative: the consumer stops at a nil job, and the only nil it can get
// is the zero value of the closed channel: the producer closes `jobs`
// right before it returns and never sends a literal nil. Returning on nil
// is the `!ok` idiom in other words: everything was received. No finding.
package main

import (
	"fmt"
	"time"
)

type job struct {
	id int
}

type queue struct {
	pending []*job
}

// next hands out the pending jobs, then reports the queue as drained.
func (q *queue) next() (*job, bool) {
	if len(q.pending) == 0 {
		return nil, false
	}
	j := q.pending[0]
	q.pending = q.pending[1:]
	return j, true
}

func process(q *queue) int {
	jobs := make(chan *job)
	finished := make(chan int, 1)
	go func() {
		for {
			j, ok := q.next()
			if !ok {
				close(jobs)
				return
			}
			jobs <- j
		}
	}()
	go func() {
		handled := 0
		for {
			j := <-jobs
			if j == nil {
				finished <- handled
				return
			}
			_ = fmt.Sprint(j.id)
			handled++
		}
	}()
	select {
	case n := <-finished:
		return n
	case <-time.After(time.Second):
		return -1
	}
}

func run() {
	q := &queue{}
	for i := range 5 {
		q.pending = append(q.pending, &job{id: i})
	}
	_ = process(q)
}
