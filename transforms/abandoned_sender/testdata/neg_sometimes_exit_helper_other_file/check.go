package main

import "runtime"

// check ends the calling goroutine when err is set.
func check(err error) {
	if err != nil {
		runtime.Goexit()
	}
}
