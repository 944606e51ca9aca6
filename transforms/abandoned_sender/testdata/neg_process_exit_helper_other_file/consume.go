// Negative (package): the receiver's only early way out is die, declared
// in fatal.go, which ends the whole process: nothing is left to leak. No
// finding; run() does not take that path and nothing leaks.
package main

func consume(bad bool) int {
	done := make(chan int)
	go func() {
		done <- 42
	}()
	if bad {
		die("bad input")
	}
	return <-done
}

func run() {
	_ = consume(false)
}
