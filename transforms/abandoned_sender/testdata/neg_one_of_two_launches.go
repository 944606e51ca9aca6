// Negative: one of two goroutines is launched, chosen by a flag; the one
// that may block (a plain send) and the one that cannot (a select with a
// way out) never both run, and the receiver takes the one value. No finding.
package main

type reply struct{ n int }

func request(useSelect bool) int {
	ch := make(chan reply)
	done := make(chan struct{})
	defer close(done)
	if useSelect {
		go func() {
			select {
			case ch <- reply{n: 1}:
			case <-done:
			}
		}()
	} else {
		go func() {
			ch <- reply{n: 2}
		}()
	}
	r := <-ch
	return r.n
}

func run() {
	_ = request(true)
	_ = request(false)
}
