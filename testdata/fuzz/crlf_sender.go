package p

import "time"

func crlf() error {
	errCh := make(chan error)
	go func() {
		errCh <- nil // CRLF line ends
	}()
	select {
	case err := <-errCh:
		return err
	case <-time.After(time.Second):
		return nil
	}
}
