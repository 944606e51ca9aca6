// Positive: the slice is a literal declared before the make; one sender per
// element, the receiver keeps only the first reply. Fix: capacity len(urls).
package main

import (
	"fmt"
	"time"
)

type reply struct {
	url  string
	code int
}

func probe(url string) reply {
	time.Sleep(time.Duration(len(url)) * time.Millisecond)
	return reply{url: url, code: 200}
}

func firstHealthy() reply {
	urls := []string{"http://db-1/health", "http://db-2/health", "http://db-replica/health"}
	replyCh := make(chan reply)
	for _, u := range urls {
		go func() {
			replyCh <- probe(u) // want "replyCh"
		}()
	}
	return <-replyCh
}

func run() {
	fmt.Println(firstHealthy())
}
