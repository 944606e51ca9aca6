package p

import (
	"context"
	"fmt"
)

func sum(ctx context.Context) int {
	ch := make(chan int, 4)
	go func() {
		defer close(ch)
		for i := 0; i < 100; i++ {
			ch <- i
		}
	}()
	total := 0
	for v := range ch {
		if ctx.Err() != nil {
			return total
		}
		total += v
	}
	fmt.Println(total)
	return total
}
