// Negative: the consumer returns when `ok` is false, which only happens once
// the producer closed the channel and every value was received. No finding.
package main

func sum(n int) int {
	values := make(chan int)
	go func() {
		defer close(values)
		for i := 0; i < n; i++ {
			values <- i
		}
	}()
	total := 0
	for {
		v, ok := <-values
		if !ok {
			return total
		}
		total += v
	}
}

func collect(n int) []int {
	items := make(chan int, 2)
	go func() {
		defer close(items)
		for i := 0; i < n; i++ {
			items <- i * i
		}
	}()
	var out []int
	for {
		select {
		case v, ok := <-items:
			if ok == false {
				return out
			}
			out = append(out, v)
		}
	}
}

func run() {
	_ = sum(10)
	_ = collect(10)
}
