// Reported without a fix (package): the producer Produce, declared in
// produce.go, is exported; a stop parameter would change the package's
// API for callers chanfix cannot see, so it reports instead.
package main

// evidence: leaks

func sumUntil(limit int) int {
	ch := make(chan int) // want "producer goroutine can block forever sending on ch"
	go Produce(ch, 1000)
	sum := 0
	for v := range ch {
		if sum+v > limit {
			return sum
		}
		sum += v
	}
	return sum
}

func run() {
	_ = sumUntil(50)
}
