// Negative (variadic callee): the channel lands in a variadic parameter,
// which this rule does not follow (which element is which channel would
// have to be proven through the slice). No finding; the receiver always
// receives, and nothing leaks.
package main

import "fmt"

func broadcast(msg string, outs ...chan<- string) {
	for _, out := range outs {
		out <- msg
	}
}

func hear(msg string) string {
	out := make(chan string)
	go broadcast(msg, out)
	return <-out
}

func run() {
	fmt.Println(hear("hello"))
}
