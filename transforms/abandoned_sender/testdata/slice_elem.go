// Positive: the element type is a slice, chan []string.
package main

import (
	"fmt"
	"sort"
	"time"
)

func listTags(repo string) []string {
	tagsCh := make(chan []string)
	go func() {
		tags := []string{"v1.2.0", "v1.10.0", "v1.3.1"}
		sort.Strings(tags)
		time.Sleep(50 * time.Millisecond)
		tagsCh <- tags // want "tagsCh"
	}()

	select {
	case tags := <-tagsCh:
		return tags
	case <-time.After(10 * time.Millisecond):
		fmt.Println("listing tags of", repo, "timed out")
		return nil
	}
}

func run() {
	fmt.Println(len(listTags("example/repo")))
}
