// Positive (method started by name): a server method is started with
// `go s.serve(l, errCh)` and sends its one error on the parameter. When
// the caller's context ends first, start returns and serve blocks forever
// on its send. Capacity 1 at the make lets it finish.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type listener struct{ delay time.Duration }

type server struct{ name string }

func (s *server) serve(l listener, errCh chan error) {
	time.Sleep(l.delay)
	errCh <- errors.New(s.name + " stopped")
}

func (s *server) start(ctx context.Context, l listener) error {
	errCh := make(chan error) // want "goroutine .s.serve. \(started at line 25\) can block forever sending on errCh"
	go s.serve(l, errCh)
	select {
	case err := <-errCh:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func run() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	s := &server{name: "api"}
	fmt.Println(s.start(ctx, listener{delay: 30 * time.Millisecond}))
}
