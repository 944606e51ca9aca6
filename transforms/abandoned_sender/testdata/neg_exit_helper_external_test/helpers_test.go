package main_test

import "runtime"

func giveUp() {
	runtime.Goexit()
}

var _ = giveUp
