// Fixed across files (package): the producer is a method of sensor,
// declared in sensor.go and started with go s.stream(ctx, readings). The
// consumer cancels ctx on every way out and the method already returns on
// ctx.Done() between its pairs of sends, so its sends also wait for
// ctx.Done(); only sensor.go changes (a method keeps its signature).
package main

import "context"

// firstAbove reports whether some reading passes limit, stopping at the first.
func firstAbove(s *sensor, limit int) bool {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	readings := make(chan int) // want "producer goroutine can block forever sending on readings"
	go s.stream(ctx, readings)
	for r := range readings {
		if r > limit {
			return true
		}
	}
	return false
}

func run() {
	s := &sensor{ranges: [][2]int{{1, 2}, {50, 60}, {3, 4}}}
	_ = firstAbove(s, 10)
}
