// Negative (future): monitor returns out, whose sender is an event loop
// that sends only when a failure arrives and then returns; the caller gives
// up after a timeout. When the loop sends depends on the events, which
// nothing on the caller's side shows: a sender that sends from inside a
// loop is not followed to the callers. No finding.
package main

import "time"

func monitor(failures <-chan error, stop <-chan struct{}) <-chan error {
	out := make(chan error)
	go func() {
		defer close(out)
		for {
			select {
			case err := <-failures:
				if err != nil {
					out <- err
				}
				return
			case <-stop:
				return
			}
		}
	}()
	return out
}

func run() {
	failures := make(chan error)
	stop := make(chan struct{})
	out := monitor(failures, stop)
	close(stop)
	select {
	case <-out:
	case <-time.After(time.Second):
	}
}
