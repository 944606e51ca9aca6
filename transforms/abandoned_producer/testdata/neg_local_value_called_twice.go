// Negative (function value): the stored literal is started twice, each
// time sending two values, and the consumer receives all four. Nothing
// is abandoned.
package main

func pairs() int {
	send := func(out chan<- int, base int) {
		out <- base
		out <- base + 1
	}
	ch := make(chan int)
	go send(ch, 10)
	go send(ch, 20)
	sum := 0
	for i := 0; i < 4; i++ {
		sum += <-ch
	}
	return sum
}

func run() {
	_ = pairs()
}
