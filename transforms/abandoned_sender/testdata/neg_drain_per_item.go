// Negative: one sender per item, and the receiver drains exactly one value
// per item with `for range xs { <-ch }`, so no sender is left blocked.
package main

import (
	"fmt"
	"strings"
	"time"
)

func resize(name string) string {
	time.Sleep(5 * time.Millisecond)
	return strings.TrimSuffix(name, ".png") + "_thumb.png"
}

func makeThumbnails(images []string) int {
	doneCh := make(chan string)
	for _, img := range images {
		go func() {
			doneCh <- resize(img)
		}()
	}
	count := 0
	for range images {
		<-doneCh
		count++
	}
	return count
}

func run() {
	fmt.Println(makeThumbnails([]string{"a.png", "b.png", "c.png"}))
}
