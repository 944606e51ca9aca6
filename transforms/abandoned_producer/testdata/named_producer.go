// Positive: the producer is a named, unexported function of this file,
// started only once with go produce(ch, n); the consumer returns as soon as
// the running sum would exceed the limit.
package main

func produce(ch chan<- int, n int) {
	defer close(ch)
	for i := 0; i < n; i++ {
		ch <- i * i
	}
}

func sumUntil(limit int) int {
	ch := make(chan int, 4) // want "ch"
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
