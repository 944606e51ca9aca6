package p

import "time"

func wait(close func(), items []string) string {
	defer close()
	done := make(chan string)
	for _, it := range items {
		go func() {
			done <- it
		}()
	}
	select {
	case s := <-done:
		return s
	case <-time.After(time.Millisecond):
		return ""
	}
}
