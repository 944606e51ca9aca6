// Negative (package): two types in two files each have a method named
// fill, so go b.fill(out) is not followed without knowing b's type. No
// finding; run() drains every channel and nothing leaks.
package main

type lower struct{ s string }

func (l lower) fill(out chan<- byte) {
	for i := 0; i < len(l.s); i++ {
		out <- l.s[i] | 0x20
	}
	close(out)
}

func firstByte(b upper) byte {
	out := make(chan byte)
	go b.fill(out)
	var first byte
	for c := range out {
		if first == 0 {
			first = c
		}
	}
	return first
}

func run() {
	_ = firstByte(upper{s: "abc"})
	out := make(chan byte)
	go lower{s: "XY"}.fill(out)
	for range out {
	}
}
