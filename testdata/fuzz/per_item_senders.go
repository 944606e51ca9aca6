package p

import "time"

func first(items []int) int {
	ch := make(chan int)
	for _, it := range items {
		go func() {
			ch <- it * 2 // one send per item
		}()
	}
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return -1
	}
}
