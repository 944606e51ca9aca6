package main

import "context"

// walk sends every path on out, and its length, checking ctx between paths.
func walk(ctx context.Context, paths []string, out chan<- string) {
	defer close(out)
	for _, p := range paths {
		select {
		case <-ctx.Done():
			return
		default:
		}
		out <- p
		out <- p + "/"
	}
}
