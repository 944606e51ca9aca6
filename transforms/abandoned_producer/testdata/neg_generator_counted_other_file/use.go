package main

func sumEvens(n int) int {
	ch := evens(n)
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-ch
	}
	return sum
}

func run() {
	_ = sumEvens(4)
}
