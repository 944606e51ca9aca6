// Positive: the channel reaches the sender and the worker as parameters of
// the launched closures; the close uses the sender's name for it.
package main

import "time"

func stamp(n int) {
	ticks := make(chan time.Time) // want "ticks"
	go func(in <-chan time.Time) {
		for t := range in {
			_ = t.Unix()
		}
	}(ticks)
	go func(out chan<- time.Time, count int) {
		for i := 0; i < count; i++ {
			out <- time.Unix(int64(i), 0)
		}
	}(ticks, n)
}

func run() {
	stamp(3)
}
