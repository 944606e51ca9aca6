// Negative: two struct types of the package have a channel field named
// out; the text x.out does not tell which one a site uses, so the field is
// not followed. No finding.
package main

type left struct {
	out  chan int
	stop chan struct{}
}

type right struct {
	out chan int
}

func newLeft() *left {
	l := &left{out: make(chan int), stop: make(chan struct{})}
	go func() {
		for i := 0; i < 100; i++ {
			select {
			case l.out <- i:
			case <-l.stop:
				return
			}
		}
	}()
	return l
}

func (l *left) first() int {
	defer close(l.stop)
	for {
		select {
		case v := <-l.out:
			return v
		case <-l.stop:
			return 0
		}
	}
}

func run() {
	r := &right{out: make(chan int, 1)}
	r.out <- 1
	<-r.out
	_ = newLeft().first()
}
