// Property-test input: the consumer drains a producer in a labelled loop and
// leaves it early; the stop channel is closed right after the loop, whose
// statement is indented one level deeper than its label.
package main

func firstOver(limit int) int {
	vals := make(chan int)
	go func() {
		for i := 0; ; i++ {
			vals <- i * i
		}
	}()
	found := -1
recv:
	for {
		select {
		case v := <-vals:
			if v > limit {
				found = v
				break recv
			}
		}
	}
	return found
}
