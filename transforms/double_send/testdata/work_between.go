// Positive: the fall-through computes before the second send; skipping that
// work on the error path is what the missing return means.
package main

import (
	"os"
	"strings"
)

func firstLine(path string) (string, error) {
	type reply struct {
		line string
		err  error
	}
	ch := make(chan reply) // want "ch"
	go func() {
		data, err := os.ReadFile(path)
		if err != nil {
			ch <- reply{err: err}
		}
		line, _, _ := strings.Cut(string(data), "\n")
		line = strings.TrimSpace(line)
		ch <- reply{line: line}
	}()
	r := <-ch
	return r.line, r.err
}

func run() {
	_, _ = firstLine("/nonexistent/chanfix/fixture")
}
