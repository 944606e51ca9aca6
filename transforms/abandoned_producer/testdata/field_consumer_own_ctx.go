// Reported without a fix (methods of one type): feed sends on the jobs
// field forever; drain receives in a loop that leaves when its own ctx
// parameter is cancelled. feed cannot see that ctx, so there is no signal
// to reuse: the finding says so. The capacity is a constant: an endless
// producer fills any buffer.
package main

// evidence: leaks

import "context"

const poolSize = 4

type pool struct {
	jobs chan int
	done int
}

func newPool() *pool {
	return &pool{jobs: make(chan int, poolSize)} // want "producer goroutine can block forever sending on pool.jobs: the consumer \(\*pool\).drain may leave by `return` at line 35 on <-ctx.Done\(\)"
}

func (p *pool) feed() {
	for i := 0; ; i++ {
		p.jobs <- i
	}
}

func (p *pool) drain(ctx context.Context) {
	for {
		select {
		case j := <-p.jobs:
			p.done += j
		case <-ctx.Done():
			return
		}
	}
}

func run() {
	p := newPool()
	go p.feed()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p.drain(ctx)
}
