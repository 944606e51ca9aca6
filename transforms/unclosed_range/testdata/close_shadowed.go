// Report only: `close` is a local function here, so `close(ch)` would not
// call the builtin; chanfix refuses to emit it.
// evidence: leaks
package main

import "io"

func copyLines(lines []string, w io.Writer) {
	close := func() { _, _ = io.WriteString(w, "done\n") }
	ch := make(chan string) // want "ch"
	go func() {
		for l := range ch {
			_, _ = io.WriteString(w, l)
		}
	}()
	for _, l := range lines {
		ch <- l
	}
	close()
}

func run() {
	copyLines([]string{"a\n", "b\n"}, io.Discard)
}
