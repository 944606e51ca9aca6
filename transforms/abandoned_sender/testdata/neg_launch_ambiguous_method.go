// Negative (ambiguous method): two types of the package have a method
// called deliver, and without types the analysis cannot tell which one
// `go p.deliver(out)` starts. No finding; the receiver always waits, and
// nothing leaks.
package main

import "fmt"

type email struct{ to string }

type sms struct{ to string }

func (e email) deliver(out chan<- string) {
	out <- "mail to " + e.to
}

func (s sms) deliver(out chan<- string) {
	out <- "text to " + s.to
}

func notify(p email, quiet bool) string {
	out := make(chan string)
	go p.deliver(out)
	if quiet {
		<-out
		return ""
	}
	return <-out
}

func run() {
	fmt.Println(notify(email{to: "ops"}, false))
	out := make(chan string)
	go sms{to: "oncall"}.deliver(out)
	fmt.Println(<-out)
}
