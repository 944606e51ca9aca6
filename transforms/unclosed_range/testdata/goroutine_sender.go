// Positive: one goroutine produces the lines, two workers consume them;
// the producer returns without closing, so both workers wait forever.
package main

import (
	"strings"
	"sync"
)

func upperAll(text string, out *[]string) {
	var mu sync.Mutex
	lines := make(chan string, 4) // want "lines"
	go func() {
		for _, l := range strings.Split(text, "\n") {
			lines <- l
		}
	}()
	for w := 0; w < 2; w++ {
		go func() {
			for l := range lines {
				mu.Lock()
				*out = append(*out, strings.ToUpper(l))
				mu.Unlock()
			}
		}()
	}
}

func run() {
	var out []string
	upperAll("a\nb\nc", &out)
}
