// Positive: the enclosing function is the consumer; it ranges over the
// producer's channel and returns on the first match, so the producer blocks
// once the small buffer is full.
package main

import "strings"

func firstLong(words []string, min int) string {
	ch := make(chan string, 2) // want "ch"
	go func() {
		defer close(ch)
		for _, w := range words {
			ch <- strings.ToUpper(w)
		}
	}()
	for w := range ch {
		if len(w) >= min {
			return w
		}
	}
	return ""
}

func run() {
	words := []string{"a", "bb", "ccc", "dddd", "ee", "f", "gg", "hhh", "iiii"}
	_ = firstLong(words, 3)
}
