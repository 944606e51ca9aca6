// Positive (method value): the producer is a method stored in a local and
// started through it. The consumer takes the first line and returns; the
// second send blocks. Capacity for both sends is the fix.
package main

type greeter struct {
	name string
}

func (g *greeter) lines(out chan<- string) {
	out <- "hello " + g.name
	out <- "goodbye " + g.name
}

func firstLine(g *greeter) string {
	emit := g.lines
	ch := make(chan string) // want "producer goroutine can block forever sending on ch: the consumer may leave by `return` at line 19"
	go emit(ch)
	return <-ch
}

func run() {
	_ = firstLine(&greeter{name: "x"})
}
