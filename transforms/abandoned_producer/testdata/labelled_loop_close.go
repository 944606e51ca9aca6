// Positive: the consumer's receive loop is labelled and left with
// `break recv`; the stop channel is closed right after that loop, at the
// loop's indentation (gofmt outdents the label line, not the loop).
package main

func firstEven(n int) int {
	nums := make(chan int) // want "nums"
	go func() {
		for i := 1; i < n; i++ {
			nums <- i
		}
		close(nums)
	}()
	found := -1
recv:
	for {
		select {
		case v, ok := <-nums:
			if !ok {
				break recv
			}
			if v%2 == 0 {
				found = v
				break recv
			}
		}
	}
	return found
}

func run() {
	_ = firstEven(100)
}
