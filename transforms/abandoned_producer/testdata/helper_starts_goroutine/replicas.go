package main

// startReplicas asks three replicas and sends each answer on out.
func startReplicas(out chan<- string) {
	go func() {
		out <- "replica a"
		out <- "replica b"
		out <- "replica c"
	}()
}
