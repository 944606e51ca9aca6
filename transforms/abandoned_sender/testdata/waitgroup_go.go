// Positive: goroutines started with sync.WaitGroup.Go and with an
// errgroup-style Group.Go; the caller gives up on a deadline and never
// receives, so both senders block.
package main

import (
	"errors"
	"sync"
	"time"
)

type group struct{ wg sync.WaitGroup }

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		_ = f()
	}()
}

func probe(limit time.Duration) error {
	var wg sync.WaitGroup
	pingCh := make(chan error)
	wg.Go(func() {
		time.Sleep(20 * time.Millisecond)
		pingCh <- errors.New("no answer") // want "pingCh"
	})
	select {
	case err := <-pingCh:
		return err
	case <-time.After(limit):
		return errors.New("probe timed out")
	}
}

func resolve(limit time.Duration) (string, error) {
	var g group
	addrCh := make(chan string)
	g.Go(func() error {
		time.Sleep(20 * time.Millisecond)
		addrCh <- "10.0.0.1" // want "addrCh"
		return nil
	})
	select {
	case a := <-addrCh:
		return a, nil
	case <-time.After(limit):
		return "", errors.New("resolve timed out")
	}
}

func run() {
	_ = probe(5 * time.Millisecond)
	_, _ = resolve(5 * time.Millisecond)
}
