// Positive: the element type is an anonymous struct spanning several lines,
// so the make call itself is multi-line.
package main

import (
	"fmt"
	"time"
)

func stat(name string) (int64, error) {
	statCh := make(chan struct {
		size int64
		err  error
	})
	go func() {
		time.Sleep(50 * time.Millisecond)
		statCh <- struct { // want "statCh"
			size int64
			err  error
		}{size: int64(len(name)) * 1024}
	}()

	select {
	case s := <-statCh:
		return s.size, s.err
	case <-time.After(10 * time.Millisecond):
		return 0, fmt.Errorf("stat %s: timeout", name)
	}
}

func run() {
	fmt.Println(stat("report.csv"))
}
