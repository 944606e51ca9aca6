// Positive: the element type is itself a receive-only channel,
// chan (<-chan int); gofmt keeps the parentheses.
package main

import (
	"fmt"
	"time"
)

func subscribe(topic string) <-chan int {
	subCh := make(chan (<-chan int))
	go func() {
		time.Sleep(50 * time.Millisecond)
		events := make(chan int, 1)
		events <- len(topic)
		subCh <- events // want "subCh"
	}()

	select {
	case events := <-subCh:
		return events
	case <-time.After(10 * time.Millisecond):
		return nil
	}
}

func run() {
	if subscribe("orders") == nil {
		fmt.Println("subscribe timed out")
	}
}
