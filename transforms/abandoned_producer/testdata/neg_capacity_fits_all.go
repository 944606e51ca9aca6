// Negative: the channel's capacity is len(items) and the producer sends
// once per item, so no send can ever block even though the consumer
// returns early. No finding.
package main

import "strings"

func firstMatch(items []string, prefix string) string {
	ch := make(chan string, len(items))
	go func() {
		for _, it := range items {
			ch <- strings.TrimSpace(it)
		}
		close(ch)
	}()
	for it := range ch {
		if strings.HasPrefix(it, prefix) {
			return it
		}
	}
	return ""
}

func run() {
	_ = firstMatch([]string{" x1", "y2 ", "x3", "z4", "y5"}, "y")
}
