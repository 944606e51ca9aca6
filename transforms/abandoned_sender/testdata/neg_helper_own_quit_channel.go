// Negative (receiving helper): gate is handed the ticks channel and also a
// quit channel that run made and that no sender touches. Whether gate's
// case on quit can ever fire is between run and gate alone (here nothing
// closes it), which chanfix does not read. No finding.
package main

import "time"

func gate(ticks <-chan time.Time, quit <-chan struct{}) bool {
	select {
	case <-ticks:
		return true
	case <-quit:
		return false
	}
}

func run() {
	ticks := make(chan time.Time)
	go func() {
		time.Sleep(time.Millisecond)
		ticks <- time.Now()
	}()
	quit := make(chan struct{})
	_ = gate(ticks, quit)
}
