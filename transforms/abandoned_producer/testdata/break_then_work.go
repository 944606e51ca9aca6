// Positive: the consumer takes a fixed sample with break and keeps working
// after the loop; the producer is left blocked on the full buffer.
package main

import (
	"fmt"
	"sort"
)

func median(n, sample int) string {
	temps := make(chan float64, 8) // want "temps"
	go func() {
		defer close(temps)
		for i := 0; i < n; i++ {
			temps <- 20 + float64(i%10)/2
		}
	}()
	var readings []float64
	for t := range temps {
		if len(readings) == sample {
			break
		}
		readings = append(readings, t)
	}
	if len(readings) == 0 {
		return "no data"
	}
	sort.Float64s(readings)
	return fmt.Sprintf("median %.1f of %d", readings[len(readings)/2], len(readings))
}

func run() {
	_ = median(200, 5)
}
