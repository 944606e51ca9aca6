// Valid Go 1.26 (new with an expression) that tree-sitter-go 0.25 cannot read:
// the leak is reported, the function is not touched.
package p

import "time"

type cfg struct{ retries *int }

func wait() *cfg {
	c := cfg{retries: new(3)}
	done := make(chan bool)
	go func() {
		done <- true
	}()
	select {
	case <-time.After(time.Second):
	case <-done:
	}
	return &c
}
