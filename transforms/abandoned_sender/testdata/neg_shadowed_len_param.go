// Negative (fix): the function has a parameter named `len`; the fix's
// `len(mirrors)` would call it instead of the builtin and not compile.
// run() races a single mirror, which answers: nothing blocks.
package main

import (
	"fmt"
	"time"
)

func ping(host string) string {
	time.Sleep(time.Duration(len(host)) * time.Millisecond)
	return host
}

func fastestMirror(mirrors []string, len int) string {
	fmt.Println("racing", len, "mirrors")
	winnerCh := make(chan string)
	for _, m := range mirrors {
		go func() {
			winnerCh <- ping(m) // want "winnerCh"
		}()
	}
	return <-winnerCh
}

func run() {
	m := []string{"a.example"}
	fmt.Println(fastestMirror(m, len(m)))
}
