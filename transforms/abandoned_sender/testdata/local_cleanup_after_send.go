// Positive: after its send, the sender only closes what it opened itself
// (`defer rd.Close()` on a reader it declared) or closes the channel it
// just sent on. The receiver can see neither before it receives (a closed
// buffered channel still hands over its value first), so a buffer of one
// is still the whole fix.
package main

import (
	"io"
	"strings"
	"time"
)

type slowReader struct {
	r *strings.Reader
}

func (s *slowReader) Read(p []byte) (int, error) {
	time.Sleep(20 * time.Millisecond)
	return s.r.Read(p)
}

func (s *slowReader) Close() error {
	return nil
}

func open(text string) *slowReader {
	return &slowReader{r: strings.NewReader(text)}
}

func readLabel(limit time.Duration) (string, bool) {
	label := make(chan string)
	go func() {
		rd := open("zone-a")
		defer rd.Close()
		b, _ := io.ReadAll(rd)
		label <- string(b) // want "label"
	}()
	select {
	case v := <-label:
		return v, true
	case <-time.After(limit):
		return "", false
	}
}

func waitExit(limit time.Duration) error {
	exited := make(chan error)
	go func() {
		time.Sleep(20 * time.Millisecond)
		exited <- nil // want "exited"
		close(exited)
	}()
	select {
	case err := <-exited:
		return err
	case <-time.After(limit):
		return io.ErrUnexpectedEOF
	}
}

func run() {
	_, _ = readLabel(5 * time.Millisecond)
	_ = waitExit(5 * time.Millisecond)
}
