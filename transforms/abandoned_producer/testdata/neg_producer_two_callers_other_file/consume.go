// Reported without a fix (package): produce, declared in produce.go, is
// started here and again in total.go with another channel. A stop
// parameter would have to be passed at both calls, and the second caller
// has no stop channel to pass, so chanfix reports instead.
package main

// evidence: leaks

func sumUntil(limit int) int {
	ch := make(chan int) // want "producer goroutine can block forever sending on ch"
	go produce(ch, 1000)
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
	_ = total(5)
}
