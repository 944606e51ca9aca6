// Positive: the double send sits inside an outer branch of the sender; the
// return goes after the first send, at its own indentation.
package main

import (
	"fmt"
	"strings"
)

func describe(name string, verbose bool) string {
	msg := make(chan string) // want "msg"
	go func() {
		if verbose {
			if strings.TrimSpace(name) == "" {
				msg <- "anonymous"
			}
			msg <- fmt.Sprintf("user %q", name)
			return
		}
		msg <- name
	}()
	return <-msg
}

func run() {
	_ = describe(" ", true)
}
