// Positive: the sender goroutine keeps working after its send loop (it
// reports how much it sent), so the close goes right after the loop.
package main

func feed(words []string) int {
	jobs := make(chan string) // want "jobs"
	sent := make(chan int)
	go func() {
		for _, w := range words {
			if w == "" {
				continue
			}
			jobs <- w
		}
		sent <- len(words)
	}()
	go func() {
		for w := range jobs {
			_ = len(w)
		}
	}()
	return <-sent
}

func run() {
	_ = feed([]string{"x", "", "y", "z"})
}
