// Positive: one caller hands the future on (not followed, proves
// nothing), another abandons it on a timeout, which is enough.
package main

import (
	"fmt"
	"time"
)

func compile(src string) <-chan error {
	done := make(chan error)
	go func() {
		time.Sleep(20 * time.Millisecond)
		done <- fmt.Errorf("compile %s: not implemented", src) // want "compile returns it to a caller that may take the select case `case <-time.After\(time.Millisecond\)`"
	}()
	return done
}

func report(errs <-chan error) {
	fmt.Println(<-errs)
}

func build(src string) error {
	select {
	case err := <-compile(src):
		return err
	case <-time.After(time.Millisecond):
		return fmt.Errorf("compile %s: too slow", src)
	}
}

func run() {
	report(compile("a.go"))
	fmt.Println(build("b.go"))
}
