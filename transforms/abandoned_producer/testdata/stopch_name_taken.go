// Positive: the function already uses the name stopCh for its heartbeat, so
// the new stop channel must be named stopCh2. The consumer returns after a
// few pages.
package main

import (
	"strconv"
	"time"
)

func fetchPages(max int) []string {
	stopCh := make(chan struct{})
	defer close(stopCh)
	go func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopCh:
				return
			case <-t.C:
				// keep the session alive
			}
		}
	}()
	pages := make(chan string, 1) // want "pages"
	go func() {
		defer close(pages)
		for p := 1; p <= 50; p++ {
			pages <- "page-" + strconv.Itoa(p)
		}
	}()
	var got []string
	for p := range pages {
		got = append(got, p)
		if len(got) == max {
			return got
		}
	}
	return got
}

func run() {
	_ = fetchPages(2)
}
