// Negative: the only caller stores the future in a struct field and
// receives later, elsewhere; chanfix does not follow the field, and a
// caller it cannot follow proves nothing.
package main

import (
	"fmt"
	"time"
)

type pending struct {
	reply <-chan string
}

func ask(q string) <-chan string {
	reply := make(chan string)
	go func() {
		time.Sleep(time.Millisecond)
		reply <- "answer to " + q
	}()
	return reply
}

func (p *pending) wait() string {
	return <-p.reply
}

func run() {
	p := &pending{}
	p.reply = ask("why")
	fmt.Println(p.wait())
}
