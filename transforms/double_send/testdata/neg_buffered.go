// Negative: the buffer holds the extra value, so the second send never
// blocks (the warning is simply dropped with the channel).
package main

func score(n int) int {
	ch := make(chan int, 1)
	go func() {
		if n > 100 {
			ch <- 100
		}
		ch <- n
	}()
	return <-ch
}

func run() {
	_ = score(200)
}
