// Negative: request/reply. The goroutine answers each request on done, and
// the loop waits for every answer; when the loop ends no answer is pending,
// so closing done there cannot panic. An error path leaves without closing.
package main

import "errors"

func echo(msgs []string) error {
	reqs := make(chan string, 1)
	done := make(chan struct{}, 1)
	go func() {
		for m := range reqs {
			_ = len(m)
			done <- struct{}{}
		}
	}()
	for _, m := range msgs {
		reqs <- m
		<-done
		if m == "" {
			return errors.New("empty message")
		}
	}
	close(done)
	close(reqs)
	return nil
}

func run() {
	_ = echo([]string{"a", "b"})
}
