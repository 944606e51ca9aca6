// Report only: two guards each send and fall through; a return after either
// one still leaves a path that sends twice.
// evidence: leaks
package main

import "errors"

func check(name string, age int) error {
	errc := make(chan error) // want "errc"
	go func() {
		if name == "" {
			errc <- errors.New("no name")
		}
		if age < 0 {
			errc <- errors.New("bad age")
		}
		errc <- nil
	}()
	return <-errc
}

func run() {
	_ = check("", -1)
}
