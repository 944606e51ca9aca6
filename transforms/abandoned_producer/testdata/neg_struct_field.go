// Negative: the channel is stored in a struct that is handed to the caller,
// so its consumers are not visible in this function; the rule only reasons
// about channels that stay local. No finding. run() drains the stream.
package main

type stream struct {
	C   <-chan string
	src []string
}

func newStream(src []string) *stream {
	ch := make(chan string, 2)
	s := &stream{C: ch, src: src}
	go func() {
		defer close(ch)
		for _, line := range s.src {
			ch <- line
		}
	}()
	return s
}

func run() {
	s := newStream([]string{"a", "b", "c", "d", "e"})
	n := 0
	for range s.C {
		n++
	}
	_ = n
}
