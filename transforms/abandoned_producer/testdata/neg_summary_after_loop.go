// Negative (finding without fix): after its loop the producer sends a
// summary on another channel that the caller waits for; an inserted return
// would skip it, so no automatic fix. run() reads everything and does not
// leak.
package main

type summary struct {
	count int
	bytes int
}

func readAll(chunks []string, maxBytes int) (int, summary) {
	data := make(chan string, 2) // want "data"
	sum := make(chan summary, 1)
	go func() {
		var s summary
		for _, c := range chunks {
			data <- c
			s.count++
			s.bytes += len(c)
		}
		close(data)
		sum <- s
	}()
	got := 0
	for c := range data {
		got += len(c)
		if got > maxBytes {
			return got, summary{}
		}
	}
	return got, <-sum
}

func run() {
	_, _ = readAll([]string{"ab", "cde", "f", "ghij", "kl", "mno"}, 100)
}
