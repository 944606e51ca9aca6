package main

import (
	"fmt"
	"time"
)

// square waits for the worker unless the caller asked to hurry.
func square(w *worker, n int, hurry bool) int {
	out := w.compute(n)
	if hurry {
		fmt.Println("not waiting")
		return -1
	}
	return <-out
}

func run() {
	w := &worker{pause: 20 * time.Millisecond}
	fmt.Println(square(w, 4, true))
}
