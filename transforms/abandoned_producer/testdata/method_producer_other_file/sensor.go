package main

import "context"

type sensor struct {
	ranges [][2]int
}

// stream sends the low and the high end of each range, checking ctx
// before each range.
func (s *sensor) stream(ctx context.Context, out chan<- int) {
	defer close(out)
	for _, r := range s.ranges {
		select {
		case <-ctx.Done():
			return
		default:
		}
		out <- r[0]
		out <- r[1]
	}
}
