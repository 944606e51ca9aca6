// Negative (fix): the shape of per_item_param, but the function declares
// its own variable `len` before the channel. The fix would write
// `make(chan string, len(mirrors))`, which would call the int variable and
// not compile; chanfix reports the leak without a fix.
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

func fastestMirror(mirrors []string) string {
	len := 0
	for range mirrors {
		len++
	}
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
	fmt.Println(fastestMirror([]string{"a.example"}))
}
