// Positive: the receiver validates its input after starting the sender and
// returns early on the error path, before it ever reaches the receive.
package main

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

func loadProfile(id string) string {
	time.Sleep(20 * time.Millisecond)
	return "profile of " + id
}

func fetchUser(id string) (string, error) {
	profileCh := make(chan string)
	go func() {
		profileCh <- loadProfile(id) // want "profileCh"
	}()

	if strings.TrimSpace(id) == "" {
		return "", errors.New("empty user id")
	}
	return <-profileCh, nil
}

func run() {
	if _, err := fetchUser("  "); err != nil {
		fmt.Println("fetch:", err)
	}
}
