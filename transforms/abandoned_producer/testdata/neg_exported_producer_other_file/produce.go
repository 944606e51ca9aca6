package main

// Produce sends the first n squares on ch and closes it.
func Produce(ch chan<- int, n int) {
	defer close(ch)
	for i := 0; i < n; i++ {
		ch <- i * i
	}
}
