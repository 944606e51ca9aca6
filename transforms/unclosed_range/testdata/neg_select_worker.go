// Negative: the worker receives in a select with a quit channel, not in a
// range loop; it is stopped by quit.
package main

func serve(xs []string) {
	reqs := make(chan string)
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case r := <-reqs:
				_ = len(r)
			case <-quit:
				return
			}
		}
	}()
	for _, x := range xs {
		reqs <- x
	}
	close(quit)
	<-done
}

func run() {
	serve([]string{"a", "b"})
}
