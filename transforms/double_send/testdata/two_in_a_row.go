// Report only: the sender announces itself and then sends its result; the
// receiver takes the first value only.
// evidence: leaks
package main

func compute(n int) string {
	events := make(chan string) // want "events"
	go func() {
		events <- "started"
		events <- "done"
	}()
	_ = n
	return <-events
}

func run() {
	_ = compute(1)
}
