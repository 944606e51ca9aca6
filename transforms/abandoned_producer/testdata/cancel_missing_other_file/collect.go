// Positive (package, missing defer cancel): the producer, in produce.go,
// selects on ctx.Done() at each send. collect cancels through stop only
// after its loop; the early return on a negative value skips it. The fix
// adds `defer cancel()` in this file only.
package main

import "context"

func collect(n int) []int {
	ctx, cancel := context.WithCancel(context.Background())
	stop := func() { cancel() }
	nums := make(chan int) // want "producer goroutine can block forever sending on nums: it waits for ctx.Done\(\), but the consumer may leave by `return` at line 17"
	go produce(ctx, nums, n)
	var got []int
	for v := range nums {
		if v < 0 {
			return got
		}
		got = append(got, v)
	}
	stop()
	return got
}

func run() {
	_ = collect(10)
}
