// Negative (two methods): the consumer method reads until the producer
// method closes the channel. No finding; nothing leaks.
package main

type counter struct {
	n int
}

func (c *counter) emit(out chan<- int) {
	for i := 0; i < c.n; i++ {
		out <- i
	}
	close(out)
}

func (c *counter) sum() int {
	out := make(chan int)
	go c.emit(out)
	total := 0
	for v := range out {
		total += v
	}
	return total
}

func run() {
	c := &counter{n: 10}
	_ = c.sum()
}
