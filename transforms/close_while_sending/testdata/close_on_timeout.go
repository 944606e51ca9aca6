// Report only: the receiver closes the channel in its timeout case, hoping
// to release the sender; the sender's send panics instead.
// evidence: panics "send on closed channel"
package main

import "time"

func lookup(key string) (int, bool) {
	res := make(chan int)
	go func() {
		time.Sleep(20 * time.Millisecond)
		res <- len(key)
	}()
	select {
	case v := <-res:
		return v, true
	case <-time.After(time.Millisecond):
		close(res) // want "close\(res\) .* `res <- len\(key\)`"
		return 0, false
	}
}

func run() {
	_, _ = lookup("k")
}
