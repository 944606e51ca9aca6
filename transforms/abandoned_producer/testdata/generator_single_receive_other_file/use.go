package main

// first takes one value and leaves the rest.
func first(n int) int {
	ch := naturals(n)
	v := <-ch
	return v
}

func run() {
	_ = first(5)
}
