// Positive (two functions): the consumer's context comes from
// context.Background() and only its deferred cancel ends it, so ctx.Done()
// closes exactly when the consumer has gone. The producer closure, which
// hands ctx to a helper, gets a select on ctx.Done() at its send instead
// of a new stop channel.
package main

import (
	"context"
	"strings"
)

func shout(ctx context.Context, w string) string {
	if ctx.Err() != nil {
		return ""
	}
	return strings.ToUpper(w)
}

func untilStop(words []string) []string {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan string) // want "out"
	go func() {
		defer close(out)
		for _, w := range words {
			out <- shout(ctx, w)
		}
	}()
	var got []string
	for w := range out {
		if w == "STOP" {
			return got
		}
		got = append(got, w)
	}
	return got
}

func run() {
	_ = untilStop([]string{"a", "stop", "b", "c"})
}
