// Positive (package): the events channel is a field of watcher, made in
// the constructor; poll sends on it forever in its own goroutine; loop, in
// loop.go, receives until the done field is closed by Close. After Close,
// poll blocks on its next send. The fix reuses the done field at poll's
// send: the field is only ever closed, and loop leaves on it alone.
package main

import "strconv"

type watcher struct {
	events chan string
	done   chan struct{}
	seen   int
}

func newWatcher() *watcher {
	w := &watcher{events: make(chan string), done: make(chan struct{})} // want "producer goroutine can block forever sending on watcher.events: the consumer \(\*watcher\).loop may leave by `return` at loop.go:9 on <-w.done"
	go w.poll()
	go w.loop()
	return w
}

func (w *watcher) poll() {
	for i := 0; ; i++ {
		w.events <- "event " + strconv.Itoa(i)
	}
}

func run() {
	w := newWatcher()
	w.Close()
}
