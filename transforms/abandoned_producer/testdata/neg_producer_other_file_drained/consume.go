// Negative (package): the producer lives in produce.go and the consumer
// reads until the channel is closed. No finding; nothing leaks.
package main

func sumAll() int {
	ch := make(chan int)
	go produce(ch, 100)
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

func run() {
	_ = sumAll()
}
