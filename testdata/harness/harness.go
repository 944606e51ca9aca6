// Evidence harness: compiled together with one fixture (which defines run),
// it exercises the fixture's leaky path, then asks Go's runtime leak detector
// (the goroutineleak profile) how many goroutines are blocked forever.
// Build with GOEXPERIMENT=goroutineleakprofile on Go 1.26.
//
// Output: exactly one line `leaked: N` on stdout, exit status 0.
// Exit status 3 means the leak detector is unavailable (wrong Go version or
// GOEXPERIMENT not set); any other failure exits 2.
//
// The harness does not guess a fixed sleep. After run returns it polls the
// detector until the program has settled: every goroutine other than main has
// either exited or been reported as leaked. From that point nothing can change
// (a leaked goroutine can never be woken, and there is nobody left to wake
// anything), so the count is final. A goroutine that is merely slow keeps the
// harness waiting, up to harnessMaxWait; a program that has not settled by then
// is reported on stderr and its count is printed as it stands.

package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"
)

const (
	harnessPoll    = 5 * time.Millisecond
	harnessMaxWait = 5 * time.Second
)

func main() {
	run()
	start := time.Now()
	for {
		time.Sleep(harnessPoll)
		leaked, profile := harnessLeaked()
		live := runtime.NumGoroutine() - 1 - leaked // NumGoroutine counts leaked goroutines and main
		waited := time.Since(start)
		if live > 0 && waited < harnessMaxWait {
			continue
		}
		if live > 0 {
			fmt.Fprintf(os.Stderr, "harness: not settled after %v: %d goroutine(s) still live besides main\n", waited, live)
		}
		if leaked > 0 {
			// Stacks of the leaked goroutines, for whoever reads a failure.
			os.Stderr.Write(profile)
		}
		fmt.Printf("leaked: %d\n", leaked)
		return
	}
}

// harnessLeaked runs a leak-detecting GC cycle and returns the number of
// leaked goroutines together with the debug=1 profile text.
func harnessLeaked() (int, []byte) {
	profile := pprof.Lookup("goroutineleak")
	if profile == nil {
		fmt.Fprintln(os.Stderr, "harness: no goroutineleak profile; build with GOEXPERIMENT=goroutineleakprofile (Go 1.26+)")
		os.Exit(3)
	}
	var buf bytes.Buffer
	if err := profile.WriteTo(&buf, 1); err != nil {
		fmt.Fprintln(os.Stderr, "harness:", err)
		os.Exit(2)
	}
	header, _, _ := strings.Cut(buf.String(), "\n")
	var total int
	if _, err := fmt.Sscanf(header, "goroutineleak profile: total %d", &total); err != nil {
		fmt.Fprintf(os.Stderr, "harness: unexpected profile header %q\n", header)
		os.Exit(2)
	}
	return total, buf.Bytes()
}
