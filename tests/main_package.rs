//! Leaving `func main` ends the process, and with it every goroutine that
//! could leak: a receiver or consumer that is `main` itself leaks nothing
//! when it returns or runs off its end. (Not a fixture: fixtures are run by
//! the evidence harness, which brings its own `main`.)

use chanfix::go;
use chanfix::pipeline::check_source;
use chanfix::rules::Compiled;

const PROGRAM: &str = "package PKG

import (
\t\"fmt\"
\t\"os\"
\t\"os/signal\"
)

func watch(updates chan bool) {
\tfor i := 0; ; i++ {
\t\tupdates <- i%2 == 0
\t}
}

func FUNC() {
\tsignals := make(chan os.Signal, 1)
\tsignal.Notify(signals, os.Interrupt)
\tupdates := make(chan bool)
\tgo watch(updates)
\tfor {
\t\tselect {
\t\tcase u := <-updates:
\t\t\tfmt.Println(u)
\t\tcase <-signals:
\t\t\tRETURN
\t\t}
\t}
}
";

const SENDER: &str = "package PKG

import (
\t\"fmt\"
\t\"time\"
)

func FUNC() {
\tresult := make(chan int)
\tgo func() {
\t\tresult <- 42
\t}()
\tselect {
\tcase v := <-result:
\t\tfmt.Println(v)
\tcase <-time.After(time.Millisecond):
\t\tfmt.Println(\"timeout\")
\t}
}
";

fn findings(template: &str, package: &str, function: &str, ret: &str) -> Vec<String> {
    let source = template.replace("PKG", package).replace("FUNC", function).replace("RETURN", ret);
    let outcome = check_source(&Compiled::new(), &mut go::new_parser(), "cmd.go", &source);
    outcome.findings.iter().map(|f| format!("{}: {}", f.rule, f.message)).collect()
}

#[test]
fn a_consumer_that_is_main_ends_the_process_when_it_returns() {
    assert_eq!(findings(PROGRAM, "main", "main", "return"), Vec::<String>::new());
    let elsewhere = findings(PROGRAM, "main", "serve", "return");
    assert_eq!(elsewhere.len(), 1, "{elsewhere:?}");
    assert!(elsewhere[0].starts_with("abandoned-producer"), "{elsewhere:?}");
    let library = findings(PROGRAM, "daemon", "main", "return");
    assert_eq!(library.len(), 1, "`main` of another package is an ordinary function: {library:?}");
}

#[test]
fn a_receiver_that_is_main_ends_the_process_when_it_runs_off_its_end() {
    assert_eq!(findings(SENDER, "main", "main", ""), Vec::<String>::new());
    let elsewhere = findings(SENDER, "main", "serve", "");
    assert_eq!(elsewhere.len(), 1, "{elsewhere:?}");
    assert!(elsewhere[0].starts_with("abandoned-sender"), "{elsewhere:?}");
}
