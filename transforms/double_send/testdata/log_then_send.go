// Positive: the guard logs, sends its verdict and falls through to the
// verdict of the full check.
package main

import (
	"log"
	"os"
)

func allowed(user string, admins map[string]bool) bool {
	verdict := make(chan bool) // want "verdict"
	go func() {
		if user == "root" {
			log.SetOutput(os.Stderr)
			verdict <- true
		}
		verdict <- admins[user]
	}()
	return <-verdict
}

func run() {
	_ = allowed("root", map[string]bool{})
}
