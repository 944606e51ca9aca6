// Positive (struct field shared by name): sensor and relay both have a
// channel field named out. Every mention of out is on a method's receiver
// or in a typed literal, so each is known to be sensor's or relay's.
// sensor.read sends forever; sensor.collect leaves when stop is closed.
// The fix waits for s.stop at the send.
package main

type sensor struct {
	out  chan float64
	stop chan struct{}
	sum  float64
}

type relay struct {
	out chan string
}

func newSensor() *sensor {
	return &sensor{out: make(chan float64), stop: make(chan struct{})} // want "sending on sensor.out: the consumer \(\*sensor\).collect may leave by `return` at line 36 on <-s.stop"
}

func (s *sensor) read() {
	v := 0.5
	for {
		s.out <- v
		v *= 1.5
	}
}

func (s *sensor) collect() {
	for {
		select {
		case v := <-s.out:
			s.sum += v
		case <-s.stop:
			return
		}
	}
}

func (r *relay) forward(msg string) string {
	r.out <- msg
	return <-r.out
}

func run() {
	s := newSensor()
	go s.read()
	close(s.stop)
	s.collect()
	r := &relay{out: make(chan string, 1)}
	_ = r.forward("x")
}
