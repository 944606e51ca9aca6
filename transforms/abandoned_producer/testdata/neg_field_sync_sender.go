// Negative: the method that sends on the field is called directly, not
// started as a goroutine, so the send is the caller's own protocol. No
// finding.
package main

type queue struct {
	items chan string
	quit  chan struct{}
}

func newQueue() *queue {
	return &queue{items: make(chan string, 8), quit: make(chan struct{})}
}

func (q *queue) push(batch []string) {
	for _, s := range batch {
		q.items <- s
	}
}

func (q *queue) serve() {
	for {
		select {
		case <-q.items:
		case <-q.quit:
			return
		}
	}
}

func run() {
	q := newQueue()
	q.push([]string{"a", "b"})
	close(q.quit)
	q.serve()
}
