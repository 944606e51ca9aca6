// Negative: the receiver's only way out without receiving ends the whole
// process (log.Fatal, os.Exit): nothing is left behind to leak. No finding.
package main

import (
	"log"
	"os"
	"time"
)

func waitReady(limit time.Duration) bool {
	readyCh := make(chan bool)
	go func() {
		time.Sleep(time.Millisecond)
		readyCh <- true
	}()
	select {
	case ok := <-readyCh:
		return ok
	case <-time.After(limit):
		log.Fatal("not ready in time")
	}
	return false
}

func mustLoad(limit time.Duration) string {
	nameCh := make(chan string)
	go func() {
		nameCh <- "config.yaml"
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case name := <-nameCh:
		return name
	case <-timer.C:
		os.Exit(2)
	}
	return ""
}

func run() {
	_ = waitReady(time.Minute)
	_ = mustLoad(time.Minute)
}
