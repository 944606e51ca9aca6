package main

import (
	"context"
	"fmt"
)

// awaitWrite returns the write's error, or the context's when it ends first.
func (s *store) awaitWrite(ctx context.Context, result <-chan error) error {
	select {
	case err := <-result:
		return err
	case <-ctx.Done():
		return fmt.Errorf("write abandoned: %w", ctx.Err())
	}
}
