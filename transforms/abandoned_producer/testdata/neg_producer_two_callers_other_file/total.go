package main

// total adds up the first n squares, reading every one of them.
func total(n int) int {
	squares := make(chan int)
	go produce(squares, n)
	sum := 0
	for v := range squares {
		sum += v
	}
	return sum
}
