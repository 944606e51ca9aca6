//! The data model every transform speaks, in the go/analysis spirit: a rule
//! reports a [`Finding`] at a source range; a finding may carry a [`Fix`],
//! a set of byte-range [`Edit`]s spliced into the original text. Everything
//! outside the edits stays byte-identical, which is what makes a fix
//! reviewable. Overlapping fixes are resolved here and nowhere else.
//!
//! An edit usually lands in the finding's own file; a fix whose producer
//! lives in another file of the package also edits that file (`Edit::file`
//! names it). Edits of different files never overlap; the fix is applied
//! whole or not at all.

use std::ops::Range;

/// Replace `start..end` (byte offsets into the original source) by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
    /// The file the edit lands in: `None` for the finding's own file, or
    /// the name of another file of the package (same directory).
    pub file: Option<String>,
}

impl Edit {
    pub fn new(range: Range<usize>, replacement: impl Into<String>) -> Self {
        Edit { start: range.start, end: range.end, replacement: replacement.into(), file: None }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit::new(at..at, text)
    }

    /// The same edit, landing in the package file `name` (`None`: the
    /// finding's own file).
    pub fn in_file(mut self, name: Option<&str>) -> Self {
        self.file = name.map(str::to_string);
        self
    }
}

impl Fix {
    /// The other files of the package this fix edits, each once, sorted.
    pub fn other_files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = self.edits.iter().filter_map(|e| e.file.as_deref()).collect();
        files.sort_unstable();
        files.dedup();
        files
    }

    /// Whether every edit lands in the finding's own file.
    pub fn is_local(&self) -> bool {
        self.edits.iter().all(|e| e.file.is_none())
    }
}

/// One suggested fix: a verb phrase and edits that never overlap each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
}

/// One reported leak. `fix` is `None` when no rewrite could be proven safe;
/// `no_fix_reason` then says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    /// Byte range of the blocking operation in the source.
    pub range: Range<usize>,
    pub message: String,
    pub fix: Option<Fix>,
    pub no_fix_reason: Option<String>,
}

impl Finding {
    pub fn fixed(rule: &'static str, range: Range<usize>, message: String, fix: Fix) -> Self {
        Finding { rule, range, message, fix: Some(fix), no_fix_reason: None }
    }

    pub fn unfixed(rule: &'static str, range: Range<usize>, message: String, reason: String) -> Self {
        Finding { rule, range, message, fix: None, no_fix_reason: Some(reason) }
    }
}

/// Keeps the fixes of `findings` that can be applied together: sorted by
/// position, a fix whose edits overlap an already accepted fix (or each
/// other) is dropped and its finding turned into an unfixed one saying so.
/// Identical edits proposed by two findings are applied once.
pub fn resolve_overlaps(findings: &mut [Finding]) {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| (findings[i].range.start, i));
    let mut accepted: Vec<Edit> = Vec::new();
    for i in order {
        let Some(fix) = &findings[i].fix else { continue };
        let fresh: Vec<&Edit> = fix.edits.iter().filter(|e| !accepted.contains(e)).collect();
        let clash = fresh
            .iter()
            .enumerate()
            .any(|(k, e)| accepted.iter().chain(fresh[..k].iter().copied()).any(|a| overlaps(a, e)));
        if clash {
            let finding = &mut findings[i];
            finding.fix = None;
            finding.no_fix_reason =
                Some("its fix overlaps another fix in this file; run chanfix again after applying".into());
        } else {
            accepted.extend(fresh.into_iter().cloned());
        }
    }
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    if a.file != b.file {
        return false;
    }
    let touching_inserts = a.start == a.end && b.start == b.end && a.start == b.start;
    touching_inserts || (a.start < b.end && b.start < a.end)
}

/// The edits of every remaining fix landing in the finding's own file,
/// deduplicated and sorted.
pub fn fix_edits(findings: &[Finding]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .flat_map(|f| f.edits.iter().filter(|e| e.file.is_none()).cloned())
        .collect();
    edits.sort_by_key(|e| (e.start, e.end));
    edits.dedup();
    edits
}

/// Splices non-overlapping `edits` (of one file) into `source`.
pub fn apply_edits(source: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    // The exact size: fixed texts of every file with a fix are kept to the end of a run.
    let added: usize = edits.iter().map(|e| e.replacement.len()).sum();
    let removed: usize = edits.iter().map(|e| e.end - e.start).sum();
    let mut out = String::with_capacity((source.len() + added).saturating_sub(removed));
    let mut pos = 0;
    for edit in sorted {
        out.push_str(&source[pos..edit.start]);
        out.push_str(&edit.replacement);
        pos = edit.end;
    }
    out.push_str(&source[pos..]);
    out
}

/// 1-based line and column (column in bytes, as gofmt and go vet count) of `offset`.
///
/// Inside [`with_line_index`] for `source`, a lookup costs a binary search
/// instead of a scan from the start of the file: a file with thousands of
/// findings is then not quadratic.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let indexed = INDEXED.with(|slot| {
        let mut slot = slot.borrow_mut();
        let (text, index) = slot.as_mut()?;
        (*text == (source.as_ptr() as usize, source.len()))
            .then(|| index.get_or_insert_with(|| LineIndex::new(source)).line_col(offset))
    });
    indexed.unwrap_or_else(|| {
        let before = &source.as_bytes()[..offset.min(source.len())];
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
        (line, offset - line_start + 1)
    })
}

/// The offsets where the lines of one text start.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let after_newlines = memchr::memchr_iter(b'\n', source.as_bytes()).map(|p| p + 1);
        LineIndex { starts: std::iter::once(0).chain(after_newlines).collect() }
    }

    /// As [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset);
        (line, offset - self.starts[line - 1] + 1)
    }
}

type Indexed = Option<((usize, usize), Option<LineIndex>)>;

thread_local! {
    /// The text [`with_line_index`] is running for (address and length),
    /// and its line index once a lookup has needed it.
    static INDEXED: std::cell::RefCell<Indexed> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with [`line_col`] on exactly `source` (the same string, not an
/// equal one) answered from a line index built on first use. The rules
/// locate their messages with plain `line_col(source, offset)` calls; this
/// makes those calls cheap for one file without threading an index
/// through every rule.
pub fn with_line_index<T>(source: &str, f: impl FnOnce() -> T) -> T {
    struct Reset(Indexed);
    impl Drop for Reset {
        fn drop(&mut self) {
            let outer = self.0.take();
            INDEXED.with(|slot| *slot.borrow_mut() = outer);
        }
    }
    let outer = INDEXED.with(|slot| slot.replace(Some(((source.as_ptr() as usize, source.len()), None))));
    let _reset = Reset(outer);
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(start: usize, edits: Vec<Edit>) -> Finding {
        let fix = Fix { message: "m".into(), edits };
        Finding::fixed("r", start..start + 1, "x".into(), fix)
    }

    #[test]
    fn splices_edits_and_keeps_everything_else() {
        let src = "a\r\nmake(chan int)\r\n// c\r\n";
        let at = src.find(')').unwrap();
        assert_eq!(apply_edits(src, &[Edit::insert(at, ", 1")]), "a\r\nmake(chan int, 1)\r\n// c\r\n");
    }

    #[test]
    fn overlapping_fix_is_dropped_with_reason() {
        let mut fs = vec![finding(0, vec![Edit::new(0..4, "x")]), finding(2, vec![Edit::new(3..5, "y")])];
        resolve_overlaps(&mut fs);
        assert!(fs[0].fix.is_some());
        assert!(fs[1].fix.is_none());
        assert!(fs[1].no_fix_reason.as_deref().unwrap().contains("overlaps"));
    }

    #[test]
    fn identical_edits_are_shared() {
        let e = Edit::insert(7, ", 2");
        let mut fs = vec![finding(0, vec![e.clone()]), finding(3, vec![e.clone()])];
        resolve_overlaps(&mut fs);
        assert!(fs.iter().all(|f| f.fix.is_some()));
        assert_eq!(fix_edits(&fs), vec![e]);
    }

    #[test]
    fn edits_of_different_files_never_overlap() {
        let here = Edit::new(0..4, "x");
        let there = Edit::new(0..4, "y").in_file(Some("b.go"));
        let mut fs = vec![finding(0, vec![here.clone()]), finding(2, vec![there.clone()])];
        resolve_overlaps(&mut fs);
        assert!(fs.iter().all(|f| f.fix.is_some()));
        assert_eq!(fix_edits(&fs), vec![here], "only the own file's edits are spliced here");
        let clash = Edit::new(2..6, "z").in_file(Some("b.go"));
        let mut fs = vec![finding(0, vec![there]), finding(2, vec![clash])];
        resolve_overlaps(&mut fs);
        assert!(fs[1].fix.is_none(), "two edits of b.go overlap");
    }

    #[test]
    fn line_col_is_one_based() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("ab", 0), (1, 1));
    }

    #[test]
    fn indexed_lookups_agree_with_scans() {
        let source = "a\n\nbc\r\nd\n";
        let scanned: Vec<_> = (0..=source.len()).map(|o| line_col(source, o)).collect();
        let index = LineIndex::new(source);
        assert_eq!((0..=source.len()).map(|o| index.line_col(o)).collect::<Vec<_>>(), scanned);
        let indexed: Vec<_> =
            with_line_index(source, || (0..=source.len()).map(|o| line_col(source, o)).collect());
        assert_eq!(scanned, indexed);
        let other = String::from(source);
        assert_eq!(with_line_index(source, || line_col(&other, 3)), (3, 1));
    }
}
