// Negative: the producer's error is the last thing it sends (a return
// follows); the consumer only leaves in the case that receives it, when
// the producer is already done. No finding.
package main

import (
	"errors"
	"runtime"
)

type tester struct{}

func (tester) Fatalf(format string, args ...any) { runtime.Goexit() }

func collect(t tester, items []int) []int {
	results := make(chan int)
	failures := make(chan error)
	go func() {
		for _, it := range items {
			if it < 0 {
				failures <- errors.New("negative item")
				return
			}
			results <- it * 2
		}
		close(results)
	}()
	var out []int
	for {
		select {
		case err := <-failures:
			t.Fatalf("producer failed: %v", err)
		case v, ok := <-results:
			if !ok {
				return out
			}
			out = append(out, v)
		}
	}
}

func run() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		collect(tester{}, []int{1, 2, -3, 4})
	}()
	<-done
}
