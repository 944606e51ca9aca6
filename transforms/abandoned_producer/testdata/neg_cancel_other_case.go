// Negative: besides ctx.Done(), the producer's select also waits on quit,
// which the consumer closes on its early way out; the missing cancel
// leaves nothing blocked. No finding.
package main

import "context"

func upTo(limit int) int {
	ctx, cancel := context.WithCancel(context.Background())
	stop := func() { cancel() }
	quit := make(chan struct{})
	ch := make(chan int)
	go func() {
		for i := 0; i < 100; i++ {
			select {
			case ch <- i:
			case <-ctx.Done():
				return
			case <-quit:
				return
			}
		}
	}()
	for v := range ch {
		if v >= limit {
			close(quit)
			return v
		}
	}
	stop()
	return -1
}

func run() {
	_ = upTo(3)
}
