// Negative (single send, struct field): the sender is launched by start,
// not by the constructor that makes the channel; start may run more than
// once per channel, so the sends per channel are not known. No finding.
// run waits for the answer.
package main

import "time"

type probe struct {
	reply chan string
}

func newProbe() *probe {
	return &probe{reply: make(chan string)}
}

func (p *probe) start() {
	go func() {
		p.reply <- "pong"
	}()
}

func (p *probe) await(d time.Duration) string {
	select {
	case r := <-p.reply:
		return r
	case <-time.After(d):
		return ""
	}
}

func run() {
	p := newProbe()
	p.start()
	_ = p.await(time.Minute)
}
