package main

import "context"

// walk sends every path on out until ctx is done.
func walk(ctx context.Context, paths []string, out chan<- string) {
	defer close(out)
	for _, p := range paths {
		select {
		case <-ctx.Done():
			return
		case out <- p:
		}
	}
}
