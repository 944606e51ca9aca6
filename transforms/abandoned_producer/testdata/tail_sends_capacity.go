// Positive: a writer goroutine reports the outcome of three writes, one
// after another at its end; the reader fails before collecting them. A
// capacity of three lets every report go through.
package main

import (
	"bytes"
	"errors"
	"runtime"
)

type tester struct{}

func (tester) Fatalf(format string, args ...any) { runtime.Goexit() }

func checkWriter(t tester, data []byte) {
	var buf bytes.Buffer
	results := make(chan error) // want "results"
	go func() {
		defer close(results)
		_, err1 := buf.Write(data)
		err2 := buf.WriteByte(0)
		_, err3 := buf.WriteString("end")
		results <- err1
		results <- err2
		results <- err3
	}()
	if len(data) == 0 {
		t.Fatalf("no data")
	}
	for err := range results {
		if err != nil {
			t.Fatalf("write: %v", errors.Unwrap(err))
		}
	}
}

func run() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		checkWriter(tester{}, nil)
	}()
	<-done
}
