// Negative: two producers merged with the nil-channel idiom. The loop runs
// until both channels are closed and set to nil, so both are drained and
// neither producer can block. No finding.
package main

func merge(n int) []int {
	evens := make(chan int)
	odds := make(chan int)
	go func() {
		defer close(evens)
		for i := 0; i < n; i += 2 {
			evens <- i
		}
	}()
	go func() {
		defer close(odds)
		for i := 1; i < n; i += 2 {
			odds <- i
		}
	}()
	var out []int
	for evens != nil || odds != nil {
		select {
		case v, ok := <-evens:
			if !ok {
				evens = nil
				continue
			}
			out = append(out, v)
		case v, ok := <-odds:
			if !ok {
				odds = nil
				continue
			}
			out = append(out, v)
		}
	}
	return out
}

func run() {
	_ = merge(20)
}
