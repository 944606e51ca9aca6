// Positive (missing defer cancel): the producer already stops on
// ctx.Done() at its send, but firstMatch returns from inside the range
// without calling finish, which is the only thing that cancels ctx. The
// producer waits on ctx forever. The fix is `defer cancel()` right after
// the context is made; finish still cancels (again) on the other path.
package main

import "context"

func search(ctx context.Context, words []string, out chan<- string) {
	defer close(out)
	for _, w := range words {
		select {
		case out <- w:
		case <-ctx.Done():
			return
		}
	}
}

func firstMatch(words []string, want string) bool {
	ctx, cancel := context.WithCancel(context.Background())
	finish := func() {
		cancel()
	}
	found := make(chan string) // want "producer goroutine can block forever sending on found: it waits for ctx.Done\(\), but the consumer may leave by `return` at line 30 without calling cancel"
	go search(ctx, words, found)
	for w := range found {
		if w == want {
			return true
		}
	}
	finish()
	return false
}

func run() {
	_ = firstMatch([]string{"a", "b", "c", "d"}, "b")
}
