// Positive (launch loop, started by name): one goroutine per host runs
// probe, which sends its result once; the receiver returns on the first
// failure and the probes behind it block forever. Capacity len(hosts) at
// the make lets every probe finish.
package main

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

func probe(host string, results chan<- error) {
	time.Sleep(time.Duration(len(host)) * time.Millisecond)
	if strings.HasPrefix(host, "bad") {
		results <- errors.New(host + " is down")
		return
	}
	results <- nil
}

func probeAll(hosts []string) error {
	results := make(chan error) // want "goroutine .probe. \(started at line 26\) can block forever sending on results: the receiver may leave by .return. at line 30"
	for _, host := range hosts {
		go probe(host, results)
	}
	for range hosts {
		if err := <-results; err != nil {
			return err
		}
	}
	return nil
}

func run() {
	fmt.Println(probeAll([]string{"bad", "alpha", "bravo", "charlie"}))
}
