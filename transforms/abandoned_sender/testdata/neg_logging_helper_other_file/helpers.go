package main

import "log"

// note logs and returns; it is not a way out.
func note(msg string) {
	if msg == "" {
		return
	}
	log.Print(msg)
}
