// Report only: the declaring function sends a header and a goroutine sends
// the body: two senders.
// evidence: leaks
package main

func emit(body []byte) {
	parts := make(chan []byte) // want "parts"
	go func() {
		for p := range parts {
			_ = len(p)
		}
	}()
	parts <- []byte("header")
	go func() {
		parts <- body
	}()
}

func run() {
	emit([]byte("data"))
}
