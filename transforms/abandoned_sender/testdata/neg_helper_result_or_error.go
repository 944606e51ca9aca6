// Negative: the receiving helper gets a pair of channels whose one sender
// sends on exactly one of them as its last act; receiving from either
// releases it, so the helper's other case strands nothing.
package main

import (
	"errors"
	"fmt"
	"os"
)

func await(sizes <-chan int64, errs <-chan error) (int64, error) {
	select {
	case n := <-sizes:
		return n, nil
	case err := <-errs:
		return 0, err
	}
}

func fileSize(path string) (int64, error) {
	sizes := make(chan int64)
	errs := make(chan error)
	go func() {
		info, err := os.Stat(path)
		if err != nil {
			errs <- errors.New("no such file: " + path)
			return
		}
		sizes <- info.Size()
	}()
	return await(sizes, errs)
}

func run() {
	fmt.Println(fileSize("/nonexistent/file"))
	fmt.Println(fileSize("/"))
}
