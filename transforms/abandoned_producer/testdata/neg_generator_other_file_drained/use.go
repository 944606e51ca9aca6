package main

func total(n int) int {
	sum := 0
	for c := range cubes(n) {
		sum += c
	}
	return sum
}

func run() {
	_ = total(10)
}
