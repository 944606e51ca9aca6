// Negative (callee sends more than once): report sends a progress value
// and then its result on the same parameter; a goroutine that sends twice
// is abandoned-producer's business, not this rule's. No finding; run()
// receives both values, and nothing leaks.
package main

import "fmt"

func report(job string, updates chan<- string) {
	updates <- job + ": started"
	updates <- job + ": done"
}

func follow(job string) []string {
	updates := make(chan string)
	go report(job, updates)
	first := <-updates
	if first == "" {
		return nil
	}
	return []string{first, <-updates}
}

func run() {
	fmt.Println(follow("backup"))
}
