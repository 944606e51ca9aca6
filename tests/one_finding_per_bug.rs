//! One bug, one finding, from the rule that says what really happens. A
//! sender abandoned by a receiver that defers `close` on the channel does
//! not block forever, it panics: close-while-sending reports it, and
//! abandoned-sender stays silent.

use chanfix::go;
use chanfix::pipeline::check_source;
use chanfix::rules::Compiled;

fn rules_reporting(path: &str) -> Vec<&'static str> {
    let source = std::fs::read_to_string(path).unwrap();
    let outcome = check_source(&Compiled::new(), &mut go::new_parser(), path, &source);
    outcome.findings.iter().map(|f| f.rule).collect()
}

#[test]
fn an_abandoned_sender_whose_channel_the_receiver_closes_panics_rather_than_blocks() {
    let fixture = "transforms/close_while_sending/testdata/receiver_defers_close_timeout.go";
    assert_eq!(rules_reporting(fixture), ["close-while-sending"]);
    let article = "transforms/close_while_sending/testdata/article_defer_close.go";
    assert_eq!(rules_reporting(article), ["close-while-sending"]);
}
