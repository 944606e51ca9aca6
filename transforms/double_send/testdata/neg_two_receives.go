// Negative: the protocol is two values, and the receiver takes both.
package main

func minMax(xs []int) (int, int) {
	ch := make(chan int)
	go func() {
		lo, hi := xs[0], xs[0]
		for _, x := range xs {
			lo, hi = min(lo, x), max(hi, x)
		}
		ch <- lo
		ch <- hi
	}()
	lo := <-ch
	hi := <-ch
	return lo, hi
}

func run() {
	_, _ = minMax([]int{3, 1, 2})
}
