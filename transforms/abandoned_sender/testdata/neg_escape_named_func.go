// Negative: the channel is passed to a named function started with
// `go worker(ch)`, not a function literal; its body is out of scope for the
// local analysis (and here the receive always happens).
package main

import (
	"fmt"
	"time"
)

func worker(id int, out chan<- int) {
	time.Sleep(10 * time.Millisecond)
	out <- id * id
}

func square(id int) int {
	outCh := make(chan int)
	go worker(id, outCh)
	select {
	case v := <-outCh:
		return v
	case <-time.After(50 * time.Millisecond):
		return -1
	}
}

func run() {
	fmt.Println(square(9))
}
