// Negative: the declaring function itself ranges, and the sender goroutine
// closes the channel; the ordinary generator shape.
package main

import "strconv"

func itoaAll(n int) []string {
	ch := make(chan string, 2)
	go func() {
		for i := 0; i < n; i++ {
			ch <- strconv.Itoa(i)
		}
		close(ch)
	}()
	var out []string
	for s := range ch {
		out = append(out, s)
	}
	return out
}

func run() {
	_ = itoaAll(5)
}
