// Negative (reported without a fix): the receiver looks at len(done) to
// decide whether the worker has finished. A buffer changes what len reports,
// so chanfix does not add one. run() takes the path that receives.
package main

import (
	"fmt"
	"time"
)

func poll(work time.Duration, patience time.Duration) string {
	done := make(chan string)
	go func() {
		time.Sleep(work)
		done <- "finished" // want "done"
	}()
	if len(done) > 0 {
		return "early"
	}
	select {
	case s := <-done:
		return s
	case <-time.After(patience):
		return "gave up"
	}
}

func run() {
	fmt.Println(poll(time.Millisecond, time.Second))
}
