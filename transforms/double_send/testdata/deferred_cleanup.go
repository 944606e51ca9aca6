// Positive: the sender defers its cleanup; after the fix the error path
// returns and the deferred call runs instead of hanging forever.
package main

import "sync/atomic"

var active atomic.Int32

func square(n int) (int, bool) {
	type answer struct {
		v  int
		ok bool
	}
	ans := make(chan answer) // want "ans"
	go func() {
		active.Add(1)
		defer active.Add(-1)
		if n < 0 {
			ans <- answer{}
		}
		ans <- answer{n * n, true}
	}()
	a := <-ans
	return a.v, a.ok
}

func run() {
	_, _ = square(-2)
}
