// Negative: the worker takes exactly as many values as are sent, with plain
// receives; nobody ranges, nothing waits for a close.
package main

func double(xs []int) []int {
	in := make(chan int)
	out := make(chan []int)
	go func() {
		var res []int
		for range xs {
			res = append(res, 2*<-in)
		}
		out <- res
	}()
	for _, x := range xs {
		in <- x
	}
	return <-out
}

func run() {
	_ = double([]int{1, 2, 3})
}
