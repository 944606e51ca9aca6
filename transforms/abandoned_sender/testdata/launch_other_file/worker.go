package main

import "time"

func (c *client) handle(job string, done chan<- int) {
	time.Sleep(c.pause)
	done <- len(job)
}
