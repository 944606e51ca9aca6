//! Cheap text tests run on every file before it is parsed: a file that
//! cannot hold what a rule looks for is skipped. Parsing is by far the
//! largest cost of a run, and most Go files make no channel, so these
//! searches must be fast (SIMD substring search with `memchr::memmem`,
//! searchers built once, no allocation per file) and must never reject a
//! file a rule could report on: they look for words, allowing the spacing
//! Go allows, and may accept files (comments, strings) that hold nothing.

use memchr::memmem::Finder;
use std::sync::LazyLock;

static MAKE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("make"));
static GO: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("go"));
static ARROW: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("<-"));

/// Whether the text may hold `make(chan ...)` (spaces and newlines allowed
/// between the words).
pub fn makes_channel(source: &str) -> bool {
    let bytes = source.as_bytes();
    words(&MAKE, bytes).any(|end| {
        let rest = skip_space_and_comments(&bytes[end..]);
        rest.first() == Some(&b'(') && starts_with_word(skip_space_and_comments(&rest[1..]), b"chan")
    })
}

/// Where the word `make` starts in the text: every call of the builtin
/// `make` starts at one of these offsets (and so may other things).
pub fn make_words(source: &str) -> impl Iterator<Item = usize> + '_ {
    words(&MAKE, source.as_bytes()).map(|end| end - "make".len())
}

/// Whether the text may hold a `go` statement: the word `go` followed by
/// a space, a `(` or a comment, and not a selector (`x.go`) or a path
/// (`"go/ast"`).
pub fn launches_goroutine(source: &str) -> bool {
    let bytes = source.as_bytes();
    words(&GO, bytes).any(|end| {
        let selector = end >= 3 && bytes[end - 3] == b'.';
        let rest = &bytes[end..];
        let follows = rest.first().is_none_or(|b| b.is_ascii_whitespace() || *b == b'(')
            || rest.starts_with(b"//")
            || rest.starts_with(b"/*");
        follows && !selector
    })
}

/// Whether the text may hold a send or a receive: `<-`.
pub fn has_arrow(source: &str) -> bool {
    ARROW.find(source.as_bytes()).is_some()
}

/// The end offsets of the occurrences of `finder`'s needle that are whole
/// words (no identifier character on either side).
fn words<'a>(finder: &'a Finder<'static>, bytes: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let len = finder.needle().len();
    finder.find_iter(bytes).filter_map(move |start| {
        let end = start + len;
        let before = start.checked_sub(1).map(|i| bytes[i]);
        let bounded = !before.is_some_and(is_word_byte) && !bytes.get(end).is_some_and(|b| is_word_byte(*b));
        bounded.then_some(end)
    })
}

fn starts_with_word(bytes: &[u8], word: &[u8]) -> bool {
    bytes.starts_with(word) && !bytes.get(word.len()).is_some_and(|b| is_word_byte(*b))
}

fn skip_space(bytes: &[u8]) -> &[u8] {
    let blank = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[blank..]
}

/// `bytes` after the spaces and comments it starts with (an unterminated
/// comment runs to the end): what Go allows between two tokens.
pub(crate) fn skip_space_and_comments(mut bytes: &[u8]) -> &[u8] {
    loop {
        bytes = skip_space(bytes);
        let end = if bytes.starts_with(b"//") {
            memchr::memchr(b'\n', bytes).unwrap_or(bytes.len())
        } else if bytes.starts_with(b"/*") {
            memchr::memmem::find(&bytes[2..], b"*/").map_or(bytes.len(), |n| n + 4)
        } else {
            return bytes;
        };
        bytes = &bytes[end..];
    }
}

/// Bytes of Go identifiers (any non-ASCII byte may belong to a Unicode letter).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_chan_with_go_spacing() {
        assert!(makes_channel("x := make(chan int)"));
        assert!(makes_channel("x := make (\n\tchan int)"));
        assert!(makes_channel("make(chan<- int)"));
        assert!(makes_channel("make /* c */ (// c\n\tchan int)"));
        assert!(!makes_channel("remake(chan int)"));
        assert!(!makes_channel("make(channel)"));
        assert!(!makes_channel("make([]chan int, 3)"));
        assert!(!makes_channel("make"));
    }

    #[test]
    fn go_is_a_word() {
        assert!(launches_goroutine("\tgo func() {}()"));
        assert!(launches_goroutine("go(f)()"));
        assert!(!launches_goroutine("long ago and a goroutine; go_on := 1; algo "));
        assert!(launches_goroutine("go"));
        assert!(launches_goroutine("go\n\tf()") && launches_goroutine("go/* c */f()"));
        assert!(!launches_goroutine("import \"go/ast\"\n// see main.go."));
    }
}
