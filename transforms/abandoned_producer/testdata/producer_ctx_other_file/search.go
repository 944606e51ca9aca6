// Reported without a fix (package): the consumer cancels ctx on every way
// out and the producer, in walk.go, already stops on ctx.Done() between
// its sends, so waiting for ctx.Done() at its send would release it; but
// that send is in another file, and chanfix edits one file per fix.
package main

import "context"

// evidence: leaks

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
