package main

import "context"

// walk sends every path on out, checking ctx between paths.
func walk(ctx context.Context, paths []string, out chan<- string) {
	defer close(out)
	for _, p := range paths {
		if ctx.Err() != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		default:
		}
		out <- p
	}
}
