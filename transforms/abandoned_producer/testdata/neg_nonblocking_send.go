// Negative: every send of the producer is a select with a default case, so
// it drops values instead of blocking when the consumer is gone. No
// finding.
package main

import "time"

func watch(d time.Duration) int {
	updates := make(chan int, 1)
	go func() {
		for i := 0; i < 50; i++ {
			select {
			case updates <- i:
			default:
			}
			time.Sleep(time.Millisecond)
		}
	}()
	seen := 0
	timeout := time.After(d)
	for {
		select {
		case <-updates:
			seen++
		case <-timeout:
			return seen
		}
	}
}

func run() {
	_ = watch(10 * time.Millisecond)
}
