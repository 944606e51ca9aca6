// Evidence harness: compiled together with one fixture (which defines run),
// it exercises the fixture's leaky path, then asks Go's runtime leak detector
// (the goroutineleak profile) how many goroutines are blocked forever.
// Build with GOEXPERIMENT=goroutineleakprofile on Go 1.26.

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

func main() {
	run()
	// Give every goroutine the fixture started time to reach its final
	// blocking point, then let the detector's GC cycle see it.
	for i := 0; i < 20; i++ {
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond)
	}
	runtime.GC()
	profile := pprof.Lookup("goroutineleak")
	if profile == nil {
		fmt.Fprintln(os.Stderr, "harness: no goroutineleak profile; build with GOEXPERIMENT=goroutineleakprofile")
		os.Exit(3)
	}
	var buf bytes.Buffer
	if err := profile.WriteTo(&buf, 1); err != nil {
		fmt.Fprintln(os.Stderr, "harness:", err)
		os.Exit(3)
	}
	header, _, _ := strings.Cut(buf.String(), "\n")
	var total int
	if _, err := fmt.Sscanf(header, "goroutineleak profile: total %d", &total); err != nil {
		fmt.Fprintf(os.Stderr, "harness: unexpected profile header %q\n", header)
		os.Exit(3)
	}
	fmt.Printf("leaked: %d\n", total)
}
