// Positive: a quit channel was already closed (shutdown requested), so the
// receiver's select takes the quit case and never receives the report.
package main

import (
	"fmt"
	"time"
)

type server struct {
	quit chan struct{}
}

func (s *server) healthReport() string {
	reportCh := make(chan string)
	go func() {
		time.Sleep(30 * time.Millisecond)
		reportCh <- "all checks passed" // want "reportCh"
	}()

	select {
	case r := <-reportCh:
		return r
	case <-s.quit:
		return "shutting down"
	}
}

func run() {
	s := &server{quit: make(chan struct{})}
	close(s.quit)
	fmt.Println(s.healthReport())
}
