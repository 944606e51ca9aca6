// Negative: one sender per element of `shards`, each sending once, and the
// closer receives once per element of `shards` before it closes: every send
// has been received by then, so the close cannot meet a sender. Likewise 8
// senders and 8 receives. No finding.
package main

import "errors"

func check(shard int) error {
	if shard < 0 {
		return errors.New("bad shard")
	}
	return nil
}

func checkAll(shards []int) int {
	results := make(chan error)
	for _, s := range shards {
		go func() {
			results <- check(s)
		}()
	}
	failed := 0
	for range shards {
		if err := <-results; err != nil {
			failed++
		}
	}
	close(results)
	return failed
}

// The same with a literal bound on both loops.
func probeAll() int {
	done := make(chan error)
	for i := 0; i < 8; i++ {
		go func() {
			done <- check(i - 4)
		}()
	}
	failed := 0
	for i := 0; i < 8; i++ {
		if <-done != nil {
			failed++
		}
	}
	close(done)
	return failed
}

func run() {
	_ = checkAll([]int{1, 2, 3, -4})
	_ = probeAll()
}
