// Report-only (callee keeps working after its send): commit sends its
// result and then records that it was delivered. A buffer would let that
// record happen before anyone received the value, so the finding has no
// fix; the goroutine still leaks when the receiver times out.
package main

import (
	"fmt"
	"sync/atomic"
	"time"
)

var delivered atomic.Int64

func commit(id int, acks chan<- int) {
	time.Sleep(30 * time.Millisecond)
	acks <- id
	delivered.Add(1)
}

func await(id int) bool {
	acks := make(chan int) // want "goroutine .commit. \(started at line 23\) can block forever sending on acks"
	go commit(id, acks)
	select {
	case <-acks:
		return true
	case <-time.After(5 * time.Millisecond):
		return false
	}
}

func run() {
	fmt.Println(await(7), delivered.Load())
}

// evidence: leaks
