// Positive (package): the receiving helper is a method declared in
// wait.go; it gives up when the context is done. The fix is the capacity
// at this make; wait.go is not edited.
package main

import (
	"context"
	"fmt"
	"time"
)

type store struct{ latency time.Duration }

func (s *store) write(key string) error {
	time.Sleep(s.latency)
	return fmt.Errorf("write %s: disk full", key)
}

func (s *store) save(ctx context.Context, key string) error {
	result := make(chan error)
	go func() {
		result <- s.write(key) // want "it is handed to s.awaitWrite \(in wait.go\), which may take the select case `case <-ctx.Done\(\)` \(line 13\)"
	}()
	return s.awaitWrite(ctx, result)
}

func run() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	s := &store{latency: 30 * time.Millisecond}
	fmt.Println(s.save(ctx, "k"))
}
