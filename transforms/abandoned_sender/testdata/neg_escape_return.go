// Negative: the channel escapes by being returned; the caller owns the
// receive side, so a local analysis cannot tell whether anyone receives
// (and here the caller does).
package main

import (
	"fmt"
	"time"
)

func startDownload(url string) <-chan int {
	sizeCh := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond)
		sizeCh <- len(url) * 1000
	}()
	return sizeCh
}

func run() {
	sizeCh := startDownload("https://example.com/file.tar.gz")
	fmt.Println("downloaded bytes:", <-sizeCh)
}
