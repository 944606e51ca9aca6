// Negative: library code whose consumer panics in the default case of a
// type switch over what the producer sends; nothing in the file recovers,
// so the panic is a crash, not a way out that leaves a producer behind.
// No finding.
package main

import "fmt"

type series struct{ id int }
type sample struct{ v float64 }

func replay(n int) (int, float64) {
	decoded := make(chan any, 4)
	go func() {
		defer close(decoded)
		for i := 0; i < n; i++ {
			if i%2 == 0 {
				decoded <- series{id: i}
			} else {
				decoded <- sample{v: float64(i)}
			}
		}
	}()
	ids, total := 0, 0.0
	for d := range decoded {
		switch v := d.(type) {
		case series:
			ids += v.id
		case sample:
			total += v.v
		default:
			panic(fmt.Sprintf("unexpected record %T", v))
		}
	}
	return ids, total
}

func run() {
	_, _ = replay(10)
}
