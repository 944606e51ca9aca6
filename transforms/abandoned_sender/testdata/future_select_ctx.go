// Positive: a future. fetch starts a sender and returns its channel; the
// caller in this file selects on it and on the context, and when the
// context wins nobody ever receives. Capacity one at the make releases the
// sender; the caller sees the same values.
package main

import (
	"context"
	"fmt"
	"time"
)

type lookup struct{ delay time.Duration }

func (l *lookup) fetch(key string) <-chan string {
	answer := make(chan string)
	go func() {
		time.Sleep(l.delay)
		answer <- "value of " + key // want "fetch returns it to a caller that may take the select case `case <-ctx.Done\(\)` \(line 28\)"
	}()
	return answer
}

func (l *lookup) get(ctx context.Context, key string) (string, error) {
	select {
	case v := <-l.fetch(key):
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func run() {
	l := &lookup{delay: 50 * time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	_, err := l.get(ctx, "k")
	fmt.Println(err)
}
