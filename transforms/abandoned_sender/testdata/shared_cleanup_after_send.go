// Report only: after its send, the sender closes a reader the receiver
// shares (`defer rd.Close()` on a value declared outside the goroutine).
// With a buffer that close could run before the receiver has the value,
// which the receiver may observe, so chanfix reports without a fix.
// evidence: leaks
package main

import (
	"io"
	"strings"
	"time"
)

type tracked struct {
	r      *strings.Reader
	closed bool
}

func (t *tracked) Read(p []byte) (int, error) {
	time.Sleep(20 * time.Millisecond)
	return t.r.Read(p)
}

func (t *tracked) Close() error {
	t.closed = true
	return nil
}

func readShared(limit time.Duration) (string, bool) {
	rd := &tracked{r: strings.NewReader("zone-b")}
	label := make(chan string)
	go func() {
		defer rd.Close()
		b, _ := io.ReadAll(rd)
		label <- string(b) // want "label"
	}()
	select {
	case v := <-label:
		return v, rd.closed
	case <-time.After(limit):
		return "", false
	}
}

func run() {
	_, _ = readShared(5 * time.Millisecond)
}
