// Positive: the element type is a named struct; the receiver returns on
// ctx.Done() and the sender of the invoice is left blocked.
package main

import (
	"context"
	"fmt"
	"time"
)

type Invoice struct {
	ID     string
	Amount int64
}

func buildInvoice(ctx context.Context, orderID string) (*Invoice, error) {
	invCh := make(chan Invoice)
	go func() {
		time.Sleep(50 * time.Millisecond)
		invCh <- Invoice{ID: "inv-" + orderID, Amount: 1999} // want "invCh"
	}()

	select {
	case inv := <-invCh:
		return &inv, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func run() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := buildInvoice(ctx, "1234")
	fmt.Println("invoice:", err)
}
