// Negative: the channel is passed to a named function started with
// `go register(id, ch)`, which stores it for another goroutine to send on
// later; followed into register, the channel escapes there, which the
// analysis does not follow further (and here the receive always happens).
package main

import (
	"fmt"
	"sync"
	"time"
)

var (
	mu      sync.Mutex
	waiters = map[int]chan<- int{}
)

func register(id int, out chan<- int) {
	mu.Lock()
	waiters[id] = out
	mu.Unlock()
}

func answer(id int) {
	for {
		mu.Lock()
		out, ok := waiters[id]
		delete(waiters, id)
		mu.Unlock()
		if ok {
			out <- id * id
			return
		}
		time.Sleep(time.Millisecond)
	}
}

func square(id int) int {
	outCh := make(chan int)
	go register(id, outCh)
	go answer(id)
	select {
	case v := <-outCh:
		return v
	case <-time.After(time.Second):
		return -1
	}
}

func run() {
	fmt.Println(square(9))
}
