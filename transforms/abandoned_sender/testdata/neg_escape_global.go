// Negative: the channel is assigned to a package-level variable, so any
// function in the package may receive from it.
package main

import (
	"fmt"
	"time"
)

var configReloaded chan string

func watchConfig(path string) {
	ch := make(chan string)
	configReloaded = ch
	go func() {
		time.Sleep(10 * time.Millisecond)
		ch <- path
	}()
}

func run() {
	watchConfig("/etc/app.yaml")
	fmt.Println("reloaded:", <-configReloaded)
}
