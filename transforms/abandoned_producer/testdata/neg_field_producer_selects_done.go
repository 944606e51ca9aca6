// Negative: the producer already waits for the done field at its send,
// so it is released when the consumer leaves. No finding.
package main

type ticker struct {
	ticks chan int
	done  chan struct{}
}

func newTicker() *ticker {
	t := &ticker{ticks: make(chan int), done: make(chan struct{})}
	go t.tick()
	return t
}

func (t *ticker) tick() {
	for i := 0; ; i++ {
		select {
		case t.ticks <- i:
		case <-t.done:
			return
		}
	}
}

func (t *ticker) count(n int) int {
	got := 0
	for {
		select {
		case v := <-t.ticks:
			got += v
			if got > n {
				close(t.done)
			}
		case <-t.done:
			return got
		}
	}
}

func run() {
	t := newTicker()
	_ = t.count(10)
}
