// Negative (helper): startSquares starts the goroutine that sends and
// closes; the consumer ranges to the end. Nothing is abandoned.
package main

func startSquares(out chan<- int) {
	go func() {
		defer close(out)
		for i := 0; i < 10; i++ {
			out <- i * i
		}
	}()
}

func sumSquares() int {
	ch := make(chan int)
	startSquares(ch)
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

func run() {
	_ = sumSquares()
}
