// Negative: an accessor returns the events field, so receivers outside
// this package's view may drain it. The field escapes: no finding.
package main

type feed struct {
	events chan int
	done   chan struct{}
}

func newFeed() *feed {
	f := &feed{events: make(chan int), done: make(chan struct{})}
	go f.produce()
	return f
}

func (f *feed) produce() {
	for i := 0; i < 3; i++ {
		f.events <- i
	}
	close(f.events)
}

// Events hands the channel out.
func (f *feed) Events() <-chan int {
	return f.events
}

func (f *feed) watch() {
	for {
		select {
		case <-f.events:
		case <-f.done:
			return
		}
	}
}

func run() {
	f := newFeed()
	for range f.Events() {
	}
	close(f.done)
	f.watch()
}
