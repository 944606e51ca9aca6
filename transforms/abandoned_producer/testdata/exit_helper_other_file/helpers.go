package main

import "runtime"

// giveUp ends the calling goroutine; its deferred calls still run.
func giveUp() {
	runtime.Goexit()
}
