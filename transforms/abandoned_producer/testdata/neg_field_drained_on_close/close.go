package main

// Close stops collecting and drains what is left.
func (s *server) Close() {
	close(s.quit)
	for range s.results {
	}
}
