// Negative: the helper does not receive itself; it hands the channel on
// to another function, which chanfix does not follow past one step.
package main

import (
	"errors"
	"fmt"
	"time"
)

func slowCheck() error {
	time.Sleep(time.Millisecond)
	return errors.New("check failed")
}

func forward(errs <-chan error) error {
	return drain(errs)
}

func drain(errs <-chan error) error {
	return <-errs
}

func check() error {
	errCh := make(chan error)
	go func() {
		errCh <- slowCheck()
	}()
	return forward(errCh)
}

func run() {
	fmt.Println(check())
}
