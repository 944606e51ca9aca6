// Negative: a future whose every caller receives unconditionally, one
// directly and one through a local; nothing is ever left blocked.
package main

import "fmt"

func square(n int) <-chan int {
	out := make(chan int)
	go func() {
		out <- n * n
	}()
	return out
}

func sumSquares(a, b int) int {
	first := square(a)
	fmt.Println("waiting")
	return <-first + <-square(b)
}

func run() {
	fmt.Println(sumSquares(2, 3))
}
