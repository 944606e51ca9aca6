// Positive: the article's listing with its numbered notes kept as trailing
// comments. gofmt lines up the notes of consecutive lines in one column;
// buffering errCh lengthens the first line, so the fix moves the note of the
// line below it too.
package main

import (
	"errors"
	"fmt"
	"time"
)

func chanLeakOfMemory() {
	errCh := make(chan error) // (1)
	go func() {               // (5)
		time.Sleep(50 * time.Millisecond) // (2)
		errCh <- errors.New("chan error") // want "errCh"
		fmt.Println("finish sending")
	}()

	var err error // (6)
	select {
	case <-time.After(10 * time.Millisecond): // (4)
		fmt.Println("timeout")
	case err = <-errCh:
		if err != nil {
			fmt.Println(err)
		} else {
			fmt.Println(nil)
		}
	}
}

func run() {
	chanLeakOfMemory()
}
