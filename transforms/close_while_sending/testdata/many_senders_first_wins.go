// Report only: one sender per mirror; the first answer wins and the
// deferred close panics every sender still blocked in its send.
// evidence: panics "send on closed channel"
package main

func fastest(mirrors []string) string {
	answers := make(chan string)
	defer close(answers) // want "close\(answers\)"
	for _, m := range mirrors {
		go func() {
			answers <- "reply from " + m
		}()
	}
	return <-answers
}

func run() {
	_ = fastest([]string{"a", "b", "c"})
}
