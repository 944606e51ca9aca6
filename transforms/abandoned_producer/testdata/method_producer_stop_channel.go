// Reported without a fix (two methods): go s.emit(out) starts a method
// that sends in a loop, and the consumer method returns after the first
// match. There is no context to reuse, and a stop parameter would change
// the method's signature.
package main

// evidence: leaks

type scanner struct {
	lines []string
}

func (s *scanner) emit(out chan<- string) {
	for _, l := range s.lines {
		out <- l
	}
	close(out)
}

func (s *scanner) first(prefix string) string {
	out := make(chan string) // want "out"
	go s.emit(out)
	for l := range out {
		if len(l) >= len(prefix) && l[:len(prefix)] == prefix {
			return l
		}
	}
	return ""
}

func run() {
	s := &scanner{lines: []string{"x1", "y2", "y3", "z4"}}
	_ = s.first("y")
}
