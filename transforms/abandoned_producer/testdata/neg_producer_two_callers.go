// Negative (finding without fix): the unexported producer is launched from
// two functions and also used as a function value, so adding a stop
// parameter would touch other call sites; only a finding is reported for the
// consumer that can leave early. run() takes the draining paths.
package main

func produce(ch chan<- int, n int) {
	defer close(ch)
	for i := 0; i < n; i++ {
		ch <- i
	}
}

var launch = produce

func sumAll(n int) int {
	ch := make(chan int, 4)
	go produce(ch, n)
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

func firstMultiple(k, n int) int {
	ch := make(chan int, 4) // want "ch"
	go produce(ch, n)
	for v := range ch {
		if v > 0 && v%k == 0 {
			return v
		}
	}
	return -1
}

func run() {
	_ = sumAll(10)
	_ = firstMultiple(100, 10)
	ch := make(chan int, 16)
	go launch(ch, 3)
	for range ch {
	}
}
