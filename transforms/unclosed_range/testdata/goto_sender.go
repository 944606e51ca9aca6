// Report only: the sender loops with goto, which chanfix does not follow,
// so it cannot prove that no send comes after a close.
// evidence: leaks
package main

func replay(xs []int) {
	ch := make(chan int) // want "ch"
	go func() {
		for v := range ch {
			_ = v
		}
	}()
	i := 0
again:
	if i < len(xs) {
		ch <- xs[i]
		i++
		goto again
	}
}

func run() {
	replay([]int{1, 2})
}
