// Negative (package): the consumer loop leaves on the quit field, but
// Close, in close.go, drains the results field until the producer closes
// it, so the producer never stays blocked. A receive outside the
// consumer's loop: no finding.
package main

type server struct {
	results chan int
	quit    chan struct{}
}

func newServer() *server {
	s := &server{results: make(chan int), quit: make(chan struct{})}
	go s.work()
	go s.collect()
	return s
}

func (s *server) work() {
	defer close(s.results)
	for i := 0; i < 50; i++ {
		s.results <- i
	}
}

func (s *server) collect() {
	for {
		select {
		case <-s.results:
		case <-s.quit:
			return
		}
	}
}

func run() {
	s := newServer()
	s.Close()
}
