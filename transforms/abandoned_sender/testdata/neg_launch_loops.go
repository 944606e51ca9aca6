// Negative (callee sends in a loop): emit sends one value per item; a
// goroutine that sends many values is abandoned-producer's business, not
// this rule's. No finding here; run() drains the channel, and nothing
// leaks.
package main

import "fmt"

func emit(items []string, out chan<- string) {
	for _, it := range items {
		out <- it
	}
	close(out)
}

func collect(items []string) []string {
	out := make(chan string)
	go emit(items, out)
	var got []string
	for it := range out {
		got = append(got, it)
	}
	return got
}

func run() {
	fmt.Println(collect([]string{"a", "b"}))
}
