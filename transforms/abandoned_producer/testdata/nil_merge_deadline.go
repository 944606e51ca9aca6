// Positive: the nil-channel merge idiom, but the merge also gives up on a
// deadline; both producers are then left blocked on their next send. Setting
// a channel to nil after it closed does not hide the producers.
package main

import "time"

func mergeUntil(n int, limit time.Duration) []int {
	evens := make(chan int) // want "evens"
	go func() {
		defer close(evens)
		for i := 0; i < n; i += 2 {
			evens <- i
			time.Sleep(time.Millisecond)
		}
	}()
	odds := make(chan int) // want "odds"
	go func() {
		defer close(odds)
		for i := 1; i < n; i += 2 {
			odds <- i
			time.Sleep(time.Millisecond)
		}
	}()
	deadline := time.After(limit)
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
		case <-deadline:
			return out
		}
	}
	return out
}

func run() {
	_ = mergeUntil(1000, 5*time.Millisecond)
}
