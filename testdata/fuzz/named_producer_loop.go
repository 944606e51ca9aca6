package p

func gen(n int, out chan int) {
	for i := 0; i < n; i++ {
		out <- i
	}
}

func firstEven() int {
	out := make(chan int)
	go gen(10, out)
	for v := range out {
		if v%2 == 0 {
			return v
		}
	}
	return -1
}
