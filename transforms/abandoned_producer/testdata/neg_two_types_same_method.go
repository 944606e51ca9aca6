// Negative (two types): go s.run(out) could start either type's run method
// as far as the analysis can tell without types, so it is not followed. No
// finding; run() drains the channel, and nothing leaks.
package main

type evens struct{ n int }

type odds struct{ n int }

func (e evens) run(out chan<- int) {
	for i := 0; i < e.n; i += 2 {
		out <- i
	}
	close(out)
}

func (o odds) run(out chan<- int) {
	for i := 1; i < o.n; i += 2 {
		out <- i
	}
	close(out)
}

func firstEven(e evens) int {
	out := make(chan int)
	go e.run(out)
	first := -1
	for v := range out {
		if first < 0 {
			first = v
		}
	}
	return first
}

func run() {
	_ = firstEven(evens{n: 10})
	o := odds{n: 5}
	out := make(chan int)
	go o.run(out)
	for range out {
	}
}
