// Report only: the first send is in a switch case, not an if block; the
// shape of the missing return is not the simple one.
// evidence: leaks
package main

func classify(n int) string {
	kind := make(chan string) // want "kind"
	go func() {
		switch {
		case n < 0:
			kind <- "negative"
		case n == 0:
			kind <- "zero"
		}
		kind <- "number"
	}()
	return <-kind
}

func run() {
	_ = classify(-3)
}
