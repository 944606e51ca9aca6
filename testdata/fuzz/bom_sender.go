package p

import "time"

func bom() {
	done := make(chan bool)
	go func() {
		done <- true
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
}
