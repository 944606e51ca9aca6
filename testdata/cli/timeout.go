package leaky

import (
	"errors"
	"fmt"
	"time"
)

// fetchWithTimeout gives up after a second; the worker is left behind,
// blocked on its send, whenever it is slower than that.
func fetchWithTimeout() error {
	errCh := make(chan error)
	go func() {
		time.Sleep(2 * time.Second)
		errCh <- errors.New("backend unavailable")
		fmt.Println("worker finished")
	}()

	select {
	case <-time.After(time.Second):
		return errors.New("timed out")
	case err := <-errCh:
		return err
	}
}
