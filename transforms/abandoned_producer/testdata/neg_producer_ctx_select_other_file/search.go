// Negative (package): the producer in walk.go waits for ctx.Done() at its
// send, and the consumer cancels ctx on every way out. No finding; nothing
// leaks.
package main

import "context"

func search(paths []string, want string) bool {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	found := make(chan string)
	go walk(ctx, paths, found)
	for p := range found {
		if p == want {
			return true
		}
	}
	return false
}

func run() {
	_ = search([]string{"a", "b", "c"}, "a")
}
