package leaky

// sum always receives what its worker sends.
func sum(xs []int) int {
	total := make(chan int)
	go func() {
		s := 0
		for _, x := range xs {
			s += x
		}
		total <- s
	}()
	return <-total
}
