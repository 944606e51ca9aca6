// Negative: the producer is a dispatcher: it reads a stream and sends each
// message on `acks` or on `events` by its kind. Whether anything is still
// to come on either channel when the consumer leaves (here, at the closing
// ack, which the stream sends last) is the stream's protocol, which the
// source does not show. No finding.
package main

type message struct {
	kind string
	body int
}

func dispatch(stream []message, acks chan<- int, events chan<- int) {
	for _, m := range stream {
		if m.kind == "ack" {
			acks <- m.body
		} else {
			events <- m.body
		}
	}
}

func session(stream []message) int {
	acks := make(chan int)
	events := make(chan int)
	go dispatch(stream, acks, events)
	total := 0
	for {
		select {
		case a := <-acks:
			if a == 0 {
				return total
			}
		case e := <-events:
			total += e
		}
	}
}

func run() {
	_ = session([]message{{"ack", 1}, {"event", 5}, {"event", 7}, {"ack", 0}})
}
