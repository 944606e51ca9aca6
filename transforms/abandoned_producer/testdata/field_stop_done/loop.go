package main

func (w *watcher) loop() {
	for {
		select {
		case e := <-w.events:
			w.seen += len(e)
		case <-w.done:
			return
		}
	}
}

// Close stops the watcher.
func (w *watcher) Close() {
	close(w.done)
}
