// Negative (reported without a fix): one sender per iteration of
// `for i := 0; i < n; i++` with n a signed int parameter. The loop runs
// zero times for a negative n, but make(chan T, n) would panic, so the
// capacity cannot simply be n. run() takes paths that leak nothing.
package main

import (
	"fmt"
	"time"
)

func firstEcho(n int, wait time.Duration) (string, bool) {
	replies := make(chan string)
	for i := 0; i < n; i++ {
		go func() {
			replies <- fmt.Sprintf("echo %d", i) // want "replies"
		}()
	}
	if n <= 0 {
		return "", false
	}
	select {
	case r := <-replies:
		return r, true
	case <-time.After(wait):
		return "", false
	}
}

func run() {
	firstEcho(1, time.Second)
	firstEcho(-1, time.Second)
}
