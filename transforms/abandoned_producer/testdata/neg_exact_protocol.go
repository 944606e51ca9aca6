// Negative: four goroutines each send exactly two values into a channel of
// capacity eight; every send fits the buffer, so none can block even if the
// consumer stops after the first value. No finding.
package main

import "fmt"

func probe(hosts []string) string {
	results := make(chan string, 8)
	for i := 0; i < 4; i++ {
		go func() {
			results <- fmt.Sprintf("worker %d started", i)
			results <- fmt.Sprintf("worker %d done", i)
		}()
	}
	for r := range results {
		if len(r) > 0 {
			return r
		}
	}
	return ""
}

func run() {
	_ = probe([]string{"a", "b"})
}
