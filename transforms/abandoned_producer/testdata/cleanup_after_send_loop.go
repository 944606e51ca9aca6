// Reported without a fix: the producer releases its iterator after the send
// loop, without defer. Returning from inside the loop when the consumer
// leaves would skip the release, so chanfix only reports the leak.
package main

type iterator struct {
	pos, end int
	released bool
}

func (it *iterator) Next() bool { it.pos++; return it.pos <= it.end }
func (it *iterator) Value() int { return it.pos }
func (it *iterator) Release()   { it.released = true }

func firstOver(it *iterator, limit int) int {
	values := make(chan int) // want "values"
	go func() {
		for it.Next() {
			values <- it.Value()
		}
		it.Release()
		close(values)
	}()
	for v := range values {
		if v > limit {
			return v
		}
	}
	return -1
}

func run() {
	it := &iterator{end: 10}
	_ = firstOver(it, 100)
}
