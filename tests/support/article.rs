//! The article's first scenario, shared by `tests/formats.rs`,
//! `tests/verify.rs` and `tests/bulk_migrate.rs`: the receiver gives up on
//! `time.After`, and the sender then blocks forever on the unbuffered
//! `errCh`. Included with `#[path = "support/article.rs"] mod article;`.
#![allow(dead_code)]

/// The one copy of the scenario's text; both constants are built from it,
/// so their line numbers agree.
macro_rules! chan_leak_of_memory {
    () => {
        r#"package main

import (
	"errors"
	"fmt"
	"time"
)

func chanLeakOfMemory() {
	errCh := make(chan error)
	go func() {
		time.Sleep(20 * time.Millisecond)
		errCh <- errors.New("chan error")
		fmt.Println("finish sending")
	}()
	var err error
	select {
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timeout")
	case err = <-errCh:
		fmt.Println(err)
	}
}
"#
    };
}

/// The scenario as a file of `package main` without a `main` function.
pub const LEAKY: &str = chan_leak_of_memory!();

/// The scenario as a whole program: [`LEAKY`] plus a `main` that calls it.
pub const LEAKY_MAIN: &str = concat!(chan_leak_of_memory!(), "\nfunc main() {\n\tchanLeakOfMemory()\n}\n");
