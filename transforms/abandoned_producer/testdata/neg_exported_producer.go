// Negative (finding without fix): the named producer is exported, so its
// signature cannot be changed safely; only a finding is reported. run()
// consumes everything and does not leak.
package main

// Produce sends the first n even numbers on ch and closes it.
func Produce(ch chan<- int, n int) {
	defer close(ch)
	for i := 0; i < n; i++ {
		ch <- 2 * i
	}
}

func firstAbove(limit, n int) int {
	ch := make(chan int, 4) // want "ch"
	go Produce(ch, n)
	last := -1
	for v := range ch {
		if v > limit {
			return v
		}
		last = v
	}
	return last
}

func run() {
	_ = firstAbove(1000, 10)
}
