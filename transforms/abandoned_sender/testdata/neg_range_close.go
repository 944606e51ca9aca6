// Negative: the receiver ranges over the channel until the sender closes it
// after its sends; every value is received.
package main

import "fmt"

func words(text string) []string {
	wordCh := make(chan string)
	go func() {
		defer close(wordCh)
		start := 0
		for i := 0; i <= len(text); i++ {
			if i == len(text) || text[i] == ' ' {
				wordCh <- text[start:i]
				start = i + 1
			}
		}
	}()

	var out []string
	for w := range wordCh {
		out = append(out, w)
	}
	return out
}

func run() {
	fmt.Println(words("the quick brown fox"))
}
