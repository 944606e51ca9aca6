// Positive: one single-shot sender goroutine per element of the xs slice
// parameter; the receiver takes only the first answer, leaving every other
// sender blocked. Fix: capacity len(mirrors).
package main

import (
	"fmt"
	"time"
)

func ping(host string) string {
	time.Sleep(time.Duration(len(host)) * time.Millisecond)
	return host
}

func fastestMirror(mirrors []string) string {
	winnerCh := make(chan string)
	for _, m := range mirrors {
		go func() {
			winnerCh <- ping(m) // want "winnerCh"
		}()
	}
	return <-winnerCh
}

func run() {
	fmt.Println(fastestMirror([]string{"a.example", "mirror-b.example", "c.example.org"}))
}
