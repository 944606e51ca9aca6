// Positive: the receive sits inside a loop, but the loop breaks on an
// earlier element, so the checksum is never received.
package main

import (
	"fmt"
	"time"
)

func checksum(words []string) int {
	time.Sleep(20 * time.Millisecond)
	total := 0
	for _, w := range words {
		total += len(w)
	}
	return total
}

func interpret(words []string) string {
	sumCh := make(chan int)
	go func() {
		sumCh <- checksum(words) // want "sumCh"
	}()

	for _, w := range words {
		if w == "" {
			break
		}
		if w == "verify" {
			return fmt.Sprint("checksum ", <-sumCh)
		}
	}
	return "not verified"
}

func run() {
	fmt.Println(interpret([]string{"load", "", "verify"}))
}
