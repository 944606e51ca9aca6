// Negative: the lines field is made in two constructors with different
// capacities; which make a finding would be about, and what capacity the
// producer meets, is not one answer. No finding. run drains everything.
package main

type reader struct {
	lines chan string
	done  chan struct{}
}

func newReader() *reader {
	return &reader{lines: make(chan string), done: make(chan struct{})}
}

func newBufferedReader() *reader {
	return &reader{lines: make(chan string, 16), done: make(chan struct{})}
}

func (r *reader) feed() {
	for i := 0; i < 3; i++ {
		r.lines <- "line"
	}
	close(r.lines)
}

func (r *reader) count() int {
	n := 0
	for {
		select {
		case _, ok := <-r.lines:
			if !ok {
				return n
			}
			n++
		case <-r.done:
			return n
		}
	}
}

func run() {
	r := newReader()
	go r.feed()
	_ = r.count()
	_ = newBufferedReader()
}
