package main

import (
	"fmt"
	"os"
)

// die reports msg and ends the process.
func die(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}
