// Negative: the article's stop channel: the receiver closes stopCh, which
// nobody sends on, and leaves the data channel to the sender.
package main

func firstEven(n int) int {
	ich := make(chan int, 4)
	stopCh := make(chan struct{})
	go func() {
		defer close(ich)
		for i := 1; i < n; i++ {
			select {
			case <-stopCh:
				return
			case ich <- i:
			}
		}
	}()
	defer close(stopCh)
	for i := range ich {
		if i%2 == 0 {
			return i
		}
	}
	return -1
}

func run() {
	_ = firstEven(100)
}
