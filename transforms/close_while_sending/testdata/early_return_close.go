// Report only: on bad input the receiver closes the channel and returns
// before receiving; the checksum goroutine's send panics.
// evidence: panics "send on closed channel"
package main

import "hash/crc32"

func checksum(data []byte) (uint32, bool) {
	sum := make(chan uint32)
	go func() {
		sum <- crc32.ChecksumIEEE(data)
	}()
	if len(data) == 0 {
		close(sum) // want "close\(sum\)"
		return 0, false
	}
	return <-sum, true
}

func run() {
	_, _ = checksum(nil)
}
