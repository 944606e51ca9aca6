// Positive: the producer's sends sit in an if, in switch cases and in an
// inner loop; the consumer stops after the first line of tokens.
package main

import (
	"strconv"
	"strings"
)

func firstLine(lines []string) []string {
	tokens := make(chan string, 3) // want "tokens"
	go func() {
		defer close(tokens)
		for _, line := range lines {
			if strings.HasPrefix(line, "#") {
				tokens <- "COMMENT"
				continue
			}
			for _, f := range strings.Fields(line) {
				switch _, err := strconv.Atoi(f); {
				case err == nil:
					tokens <- "NUM:" + f
				default:
					tokens <- "WORD:" + f
				}
			}
			tokens <- "EOL"
		}
	}()
	var out []string
	for tok := range tokens {
		if tok == "EOL" {
			return out
		}
		out = append(out, tok)
	}
	return out
}

func run() {
	_ = firstLine([]string{"# header", "set x 1", "set y 2", "add x y 3", "print x"})
}
