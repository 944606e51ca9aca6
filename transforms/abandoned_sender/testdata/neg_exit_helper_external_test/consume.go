// Negative (package): consume calls this package's giveUp, which only
// logs; the external test package in helpers_test.go declares a giveUp
// that ends the goroutine, but it belongs to another package and does not
// count. No finding; nothing leaks.
package main

import "log"

func giveUp() {
	log.Print("giving up")
}

func consume(bad bool) {
	done := make(chan bool)
	go func() {
		done <- true
	}()
	if bad {
		giveUp()
	}
	<-done
}

func run() {
	consume(true)
}
