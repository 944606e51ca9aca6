// Report only: two goroutines send, so neither may close the channel; the
// workers leak. Closing needs a WaitGroup join.
// evidence: leaks
package main

func mergeInto(a, b []int, sink func(int)) {
	ch := make(chan int) // want "workers ranging over ch"
	go func() {
		for _, x := range a {
			ch <- x
		}
	}()
	go func() {
		for _, x := range b {
			ch <- x
		}
	}()
	go func() {
		for x := range ch {
			sink(x)
		}
	}()
}

func run() {
	mergeInto([]int{1}, []int{2, 3}, func(int) {})
}
