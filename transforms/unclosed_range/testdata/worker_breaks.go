// Report only: the worker stops at a sentinel; after that the sender blocks
// on its next send, which a close after the sends cannot cure.
// evidence: leaks
package main

func firstZero(xs []int) {
	ch := make(chan int) // want "ch"
	go func() {
		for x := range ch {
			if x == 0 {
				break
			}
		}
	}()
	go func() {
		for _, x := range xs {
			ch <- x
		}
	}()
}

func run() {
	firstZero([]int{3, 0, 4, 5})
}
