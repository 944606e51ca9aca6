// Negative (package): the helper of the other file only logs, so the
// receiver always goes on to receive. No finding; nothing leaks.
package main

func consume(bad bool) {
	done := make(chan bool)
	go func() {
		done <- true
	}()
	if bad {
		note("bad input")
	}
	<-done
}

func run() {
	consume(true)
}
