// Positive: the receiver panics before it receives; run recovers, so the
// program goes on, but the checksum goroutine is stuck on its send.
package main

import (
	"fmt"
	"hash/crc32"
	"time"
)

func parseRecord(data []byte) (uint32, byte) {
	sumCh := make(chan uint32)
	go func() {
		time.Sleep(20 * time.Millisecond)
		sumCh <- crc32.ChecksumIEEE(data) // want "sumCh"
	}()

	if len(data) < 4 {
		panic(fmt.Sprintf("record too short: %d bytes", len(data)))
	}
	kind := data[0]
	return <-sumCh, kind
}

func run() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
		}
	}()
	parseRecord([]byte{1, 2})
}
