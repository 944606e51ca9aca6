// Fixed across files (package): the consumer cancels ctx on every way out
// and the producer, in walk.go, already stops on ctx.Done() between its
// sends, so waiting for ctx.Done() at its sends too releases it. The fix
// edits walk.go only; this file is left as it is.
package main

import "context"

func search(paths []string, want string) bool {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	found := make(chan string) // want "found"
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
