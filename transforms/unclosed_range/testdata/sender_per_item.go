// Report only: a sender goroutine per item, launched in a loop; closing
// needs them joined first.
// evidence: leaks
package main

import "strings"

func shout(words []string) {
	out := make(chan string) // want "out"
	go func() {
		for w := range out {
			_ = w
		}
	}()
	for _, w := range words {
		go func() {
			out <- strings.ToUpper(w)
		}()
	}
}

func run() {
	shout([]string{"a", "b"})
}
