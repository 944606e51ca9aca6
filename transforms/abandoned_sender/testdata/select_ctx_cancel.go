// Positive: the caller cancels a context.WithCancel before the worker is
// done; the receiver returns on <-ctx.Done() and the worker's send blocks.
package main

import (
	"context"
	"fmt"
	"strings"
	"time"
)

func render(ctx context.Context, tmpl string) (string, error) {
	outCh := make(chan string)
	go func() {
		time.Sleep(50 * time.Millisecond)
		outCh <- strings.ToUpper(tmpl) // want "outCh"
		fmt.Println("render finished")
	}()

	select {
	case out := <-outCh:
		return out, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func run() {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	if _, err := render(ctx, "hello {{name}}"); err != nil {
		fmt.Println("render:", err)
	}
	cancel()
}
