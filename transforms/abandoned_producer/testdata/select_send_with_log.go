// Positive: the producer's send is already a case of a select that logs a
// warning when the consumer is slow, then falls back to a plain blocking
// send. The consumer stops after a few values.
package main

import (
	"log"
	"time"
)

func firstN(n int) []int {
	out := make(chan int, 2) // want "out"
	go func() {
		defer close(out)
		for v := 0; v < 100; v++ {
			select {
			case out <- v:
				continue
			case <-time.After(5 * time.Millisecond):
				log.Printf("producer: consumer slow at %d", v)
			}
			out <- v
		}
	}()
	var got []int
	for v := range out {
		got = append(got, v)
		if len(got) == n {
			return got
		}
	}
	return got
}

func run() {
	_ = firstN(3)
}
