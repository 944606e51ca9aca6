// Positive: a fixed pool of workers, counted by a typed package-level
// constant, and replicas counted by an untyped one; the receiver stops at
// the first answer. Each constant can be written at the make as the capacity.
package main

import (
	"fmt"
	"time"
)

const workers uint8 = 4

func fastest(query string) string {
	answers := make(chan string)
	for i := range workers {
		go func() {
			time.Sleep(time.Duration(i+1) * time.Millisecond)
			answers <- fmt.Sprintf("%s from worker %d", query, i) // want "answers"
		}()
	}
	return <-answers
}

const replicas = 3

func firstReplica() string {
	ids := make(chan string)
	for i := range replicas {
		go func() {
			time.Sleep(time.Duration(i+1) * time.Millisecond)
			ids <- fmt.Sprint("replica-", i) // want "ids"
		}()
	}
	return <-ids
}

func run() {
	fmt.Println(fastest("q"))
	fmt.Println(firstReplica())
}
