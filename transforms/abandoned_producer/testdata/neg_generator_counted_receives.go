// Negative (generator): bounds sends exactly two values, a low and a high
// mark; its only caller receives both on every path, once in each select
// case and once after. A generator with a known number of sends is not
// reported for receives outside a loop (they may well drain it). No finding.
package main

import (
	"context"
	"fmt"
)

func bounds(xs []int) <-chan int {
	marks := make(chan int)
	go func() {
		lo, hi := xs[0], xs[0]
		for _, x := range xs {
			lo, hi = min(lo, x), max(hi, x)
		}
		marks <- lo
		marks <- hi
	}()
	return marks
}

func spread(ctx context.Context, xs []int) int {
	marks := bounds(xs)
	var lo int
	select {
	case lo = <-marks:
	case <-ctx.Done():
		<-marks
	}
	hi := <-marks
	return hi - lo
}

func run() {
	fmt.Println(spread(context.Background(), []int{3, 1, 4, 1, 5}))
}
