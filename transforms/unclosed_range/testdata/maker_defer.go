// Positive: the declaring function's sends are the last thing it does, so
// the close is deferred right after the declaration and also runs when it
// gives up early.
package main

import "fmt"

func printAll(names []string, limit int) {
	out := make(chan string) // want "out"
	for i := 0; i < 2; i++ {
		go func() {
			for s := range out {
				_ = fmt.Sprint(s)
			}
		}()
	}
	for i, n := range names {
		if i == limit {
			return
		}
		out <- n
	}
}

func run() {
	printAll([]string{"ann", "bob", "cy"}, 2)
}
