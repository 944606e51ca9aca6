// Report only: the first send's if has an else; chanfix leaves the repair
// to the author.
// evidence: leaks
package main

import "strings"

func normalise(s string) string {
	out := make(chan string) // want "out"
	go func() {
		if s == "" {
			out <- "(empty)"
		} else {
			s = strings.ToLower(s)
		}
		out <- s
	}()
	return <-out
}

func run() {
	_ = normalise("")
}
