// Negative: the receiver ranges until the sender closes; any number of
// sends is fine.
package main

func words(s string) []string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		if s == "" {
			ch <- "(empty)"
		}
		ch <- s
	}()
	var out []string
	for w := range ch {
		out = append(out, w)
	}
	return out
}

func run() {
	_ = words("")
}
