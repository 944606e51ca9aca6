package main

// firstOver returns the first square above limit and stops reading there.
func firstOver(limit, n int) int {
	for sq := range squares(n) {
		if sq > limit {
			return sq
		}
	}
	return -1
}

func run() {
	_ = firstOver(10, 100)
}
