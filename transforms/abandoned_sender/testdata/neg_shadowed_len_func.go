// Negative (fix): the file declares a package-level function `len`, so the
// fix's `len(mirrors)` would call it rather than the builtin.
// run() races a single mirror, which answers: nothing blocks.
package main

import "fmt"

func len(xs []string) int {
	n := 0
	for range xs {
		n++
	}
	return n + 1
}

func ping(host string) string {
	return host
}

func fastestMirror(mirrors []string) string {
	winnerCh := make(chan string)
	for _, m := range mirrors {
		go func() {
			winnerCh <- ping(m) // want "winnerCh"
		}()
	}
	return <-winnerCh
}

func run() {
	fmt.Println(fastestMirror([]string{"a.example"}))
}
