package main_test

import "errors"

func signal(ch chan error) {
	ch <- errors.New("signalled")
}

var _ = signal
