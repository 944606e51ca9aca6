// Negative: the channel field is exported, so code in other packages may
// receive from it or send on it; its mentions here are not all of them.
// No finding (the three sends also fit the buffer, so run leaks nothing).
package main

type Source struct {
	Values chan int
	stop   chan struct{}
}

func NewSource() *Source {
	s := &Source{Values: make(chan int, 3), stop: make(chan struct{})}
	go s.emit()
	return s
}

func (s *Source) emit() {
	for i := 0; i < 3; i++ {
		s.Values <- i
	}
}

func (s *Source) watch() {
	for {
		select {
		case <-s.Values:
		case <-s.stop:
			return
		}
	}
}

func run() {
	s := NewSource()
	close(s.stop)
	s.watch()
}
