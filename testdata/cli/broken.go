package leaky

import "time"

func waitBroken() {
	done := make(chan bool)
	go func() {
		done <- true
	}()
	select {
	case <-time.After(time.Second):
	case <-done:
	}
	x := := 1
}
