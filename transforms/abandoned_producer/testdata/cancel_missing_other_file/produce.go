package main

import "context"

// produce sends 1..n, then -1, then n more values, unless ctx ends first.
func produce(ctx context.Context, out chan<- int, n int) {
	defer close(out)
	for i := 1; i <= 2*n+1; i++ {
		v := i
		if i == n+1 {
			v = -1
		}
		select {
		case out <- v:
		case <-ctx.Done():
			return
		}
	}
}
