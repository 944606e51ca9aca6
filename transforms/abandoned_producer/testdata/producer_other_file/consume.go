// Fixed across files (package): the producer started with
// go produce(ch, 1000) is declared in produce.go, and the consumer returns
// as soon as the running sum would pass the limit. The fix makes and
// closes a stop channel here and, in produce.go, adds the stop parameter
// to produce (unexported, called only here) and wraps its send.
package main

func sumUntil(limit int) int {
	ch := make(chan int) // want "producer goroutine can block forever sending on ch: the consumer may leave by `return` at line 14 before ch is drained"
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
}
