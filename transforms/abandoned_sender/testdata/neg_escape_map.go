// Negative: the channel is stored in a map of pending requests; whoever
// looks it up later receives from it.
package main

import (
	"fmt"
	"sync"
	"time"
)

var (
	pendingMu sync.Mutex
	pending   = map[int]chan string{}
)

func sendRequest(id int) {
	respCh := make(chan string)
	pendingMu.Lock()
	pending[id] = respCh
	pendingMu.Unlock()
	go func() {
		time.Sleep(10 * time.Millisecond)
		respCh <- fmt.Sprintf("response #%d", id)
	}()
}

func awaitResponse(id int) string {
	pendingMu.Lock()
	ch := pending[id]
	delete(pending, id)
	pendingMu.Unlock()
	return <-ch
}

func run() {
	sendRequest(1)
	fmt.Println(awaitResponse(1))
}
