// Positive (two methods): go f.feed(ctx, out) starts a method of the same
// type as the producer; it already returns on ctx.Done() between batches,
// and the consumer method cancels ctx on every way out. The send inside the
// batch waits for ctx.Done() too; the method's signature stays as it is.
package main

import "context"

type feeder struct {
	batches [][]string
}

func (f *feeder) feed(ctx context.Context, out chan<- string) {
	defer close(out)
	for _, batch := range f.batches {
		select {
		case <-ctx.Done():
			return
		default:
		}
		for _, item := range batch {
			out <- item
		}
	}
}

func (f *feeder) find(want string) bool {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan string) // want "out"
	go f.feed(ctx, out)
	for item := range out {
		if item == want {
			return true
		}
	}
	return false
}

func run() {
	f := &feeder{batches: [][]string{{"a", "b"}, {"c", "d"}}}
	_ = f.find("a")
}
