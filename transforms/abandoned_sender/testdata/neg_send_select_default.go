// Negative: the send already sits in a select with a default case, so the
// sender drops the value instead of blocking when nobody is listening.
package main

import (
	"fmt"
	"time"
)

func warmCache(key string) bool {
	okCh := make(chan bool)
	go func() {
		time.Sleep(30 * time.Millisecond)
		select {
		case okCh <- true:
		default:
			fmt.Println("nobody waiting for", key)
		}
	}()

	select {
	case ok := <-okCh:
		return ok
	case <-time.After(10 * time.Millisecond):
		return false
	}
}

func run() {
	fmt.Println(warmCache("user:1"))
}
