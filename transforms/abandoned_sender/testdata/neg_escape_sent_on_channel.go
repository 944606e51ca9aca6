// Negative: the result channel is itself sent on another channel (a
// registry of in-flight work), so it escapes: whoever takes it from the
// registry receives the result. Here the collector in run does.
package main

import (
	"fmt"
	"time"
)

func startScan(dir string, inflight chan<- chan int) {
	countCh := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond)
		countCh <- len(dir)
	}()

	select {
	case inflight <- countCh:
	case <-time.After(50 * time.Millisecond):
		fmt.Println("registry full, scanning", dir, "synchronously")
		<-countCh
	}
}

func run() {
	inflight := make(chan chan int, 1)
	startScan("/home", inflight)
	countCh := <-inflight
	fmt.Println("files:", <-countCh)
}
