// Negative: the consumer ranges over the channel without break or return
// and the producer closes it, so every value is received and the producer
// always finishes. No finding.
package main

func squares(n int) int {
	ch := make(chan int, 4)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i * i
		}
	}()
	sum := 0
	for v := range ch {
		if v%2 == 0 {
			continue
		}
		sum += v
	}
	return sum
}

func run() {
	_ = squares(100)
}
