package p

import "context"

func nested(ctx context.Context, xs []int) int {
	ch := make(chan int)
	make := len(xs)
	go func() {
		for _, x := range xs {
			ch <- x + make
		}
	}()
	{
		for {
			select {
			case v := <-ch:
				if v > 10 {
					return v
				}
			case <-ctx.Done():
				return 0
			}
		}
	}
}
