// Positive: the consumer receives one result per job in a counted loop but
// returns on the first error; the producer still has results to send. The
// channel is declared with var.
package main

import (
	"errors"
	"strings"
)

func validate(name string) error {
	if strings.TrimSpace(name) == "" {
		return errors.New("empty name")
	}
	return nil
}

func firstErr(names []string) error {
	var results = make(chan error, 2) // want "results"
	go func() {
		for _, n := range names {
			results <- validate(n)
		}
	}()
	for i := 0; i < len(names); i++ {
		err := <-results
		if err != nil {
			return err
		}
	}
	return nil
}

func run() {
	_ = firstErr([]string{"ann", " ", "bob", "cy", "dee", "eve", "fay", "gus"})
}
