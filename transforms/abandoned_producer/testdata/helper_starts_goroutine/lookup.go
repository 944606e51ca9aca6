// Positive (package): ask does not say go; startReplicas, in replicas.go,
// starts the goroutine that sends three answers on the channel. ask keeps
// the first answer and returns, so two sends block forever. Each send is
// made once, so capacity for all three is the fix, at the make.
package main

func ask() string {
	answers := make(chan string) // want "producer goroutine can block forever sending on answers: the consumer may leave by `return` at line 10"
	startReplicas(answers)
	return <-answers
}

func run() {
	_ = ask()
}
