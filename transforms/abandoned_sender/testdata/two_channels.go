// Positive: two leaking channels in one function. Both lookups run in the
// background, the shared deadline fires first, and both senders block:
// two findings, two edits.
package main

import (
	"fmt"
	"time"
)

func loadDashboard(userID int) (string, int, bool) {
	nameCh := make(chan string)
	countCh := make(chan int)
	go func() {
		time.Sleep(40 * time.Millisecond)
		nameCh <- fmt.Sprintf("user-%d", userID) // want "nameCh"
	}()
	go func() {
		time.Sleep(50 * time.Millisecond)
		countCh <- userID * 3 // want "countCh"
	}()

	deadline := time.After(10 * time.Millisecond)
	var name string
	select {
	case name = <-nameCh:
	case <-deadline:
		return "", 0, false
	}
	select {
	case n := <-countCh:
		return name, n, true
	case <-deadline:
		return name, 0, false
	}
}

func run() {
	_, _, ok := loadDashboard(7)
	fmt.Println("dashboard complete:", ok)
}
