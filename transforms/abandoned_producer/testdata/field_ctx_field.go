// Positive (methods of one type): the channel field is made by assignment
// in the constructor; Start launches a literal that sends a thousand values
// on it; total, another method, receives until the stream's context field
// is cancelled by Stop. The fix waits for s.ctx.Done() at the send too.
package main

import "context"

type stream struct {
	ctx    context.Context
	cancel context.CancelFunc
	out    chan int
}

func newStream() *stream {
	s := &stream{}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.out = make(chan int) // want "producer goroutine can block forever sending on stream.out: the consumer \(\*stream\).total may leave by `return` at line 41 on <-s.ctx.Done\(\)"
	return s
}

func (s *stream) Start() {
	go func() {
		defer close(s.out)
		for i := 0; i < 1000; i++ {
			s.out <- i
		}
	}()
}

func (s *stream) total() int {
	sum := 0
	for {
		select {
		case v, ok := <-s.out:
			if !ok {
				return sum
			}
			sum += v
		case <-s.ctx.Done():
			return sum
		}
	}
}

// Stop cancels the stream.
func (s *stream) Stop() {
	s.cancel()
}

func run() {
	s := newStream()
	s.Start()
	s.Stop()
	_ = s.total()
}
