package main

type upper struct{ s string }

func (u upper) fill(out chan<- byte) {
	for i := 0; i < len(u.s); i++ {
		out <- u.s[i] &^ 0x20
	}
	close(out)
}
