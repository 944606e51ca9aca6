//! gofmt lines up the trailing `// comments` of consecutive lines in one
//! column (and, in `var (...)` groups, the names, types and `= values`).
//! A fix that lengthens one of those lines, or puts a line without a comment
//! among them, leaves the column ragged, and the file is no longer what gofmt
//! prints. This module re-aligns exactly the alignment sections an edit
//! touches, by extra small edits on the padding, and refuses a fix whose
//! section has a shape it cannot reproduce.
//!
//! The model follows go/printer and text/tabwriter: indentation is one hard
//! tab cell per level, code and comment are separated by a cell break, and a
//! column is as wide as its widest cell (in runes) plus one space, over the
//! consecutive lines that have a cell in it. go/printer ends every column with
//! a formfeed before a block's first statement, before its closing brace,
//! around `case` clauses and labels, after a statement spanning several lines
//! and before a comment on its own line; a blank line ends them too. The
//! model is checked on the original text first: a section it does not
//! reproduce byte for byte is one chanfix cannot re-align.

use crate::finding::{self, Edit, Finding};
use std::collections::HashMap;
use std::ops::Range;

/// The edits of every remaining fix plus those re-aligning the comments they
/// disturb, for every file they land in (`texts` gives the text of the
/// finding's own file for `None`, of another file of the package by its
/// name). Each fix also gets its own re-alignment edits, so that applying it
/// alone (from JSON or SARIF) gives gofmt's layout too. A fix that sits in a
/// block of aligned comments chanfix cannot re-align is dropped, its finding
/// saying why.
pub fn aligned_edits<'s>(
    texts: impl Fn(Option<&str>) -> Option<&'s str>,
    findings: &mut [Finding],
) -> Vec<Edit> {
    let mut own: Vec<Edit> = Vec::new();
    for f in findings.iter_mut() {
        let Some(fix) = &mut f.fix else { continue };
        match realign_each_file(&texts, &fix.edits) {
            Ok(edits) => own.extend(std::mem::replace(&mut fix.edits, edits)),
            Err(why) => {
                f.fix = None;
                f.no_fix_reason = Some(why);
            }
        }
    }
    own.sort_by(|a, b| (&a.file, a.start, a.end).cmp(&(&b.file, b.start, b.end)));
    own.dedup();
    realign_each_file(&texts, &own).unwrap_or_else(|why| {
        for f in findings.iter_mut().filter(|f| f.fix.is_some()) {
            f.fix = None;
            f.no_fix_reason = Some(why.clone());
        }
        Vec::new()
    })
}

/// [`realign`] for edits that may land in several files, each against its
/// own text; the result keeps each edit's file.
fn realign_each_file<'s>(
    texts: &impl Fn(Option<&str>) -> Option<&'s str>,
    edits: &[Edit],
) -> Result<Vec<Edit>, String> {
    let mut files: Vec<Option<&str>> = edits.iter().map(|e| e.file.as_deref()).collect();
    files.sort_unstable();
    files.dedup();
    let mut out = Vec::with_capacity(edits.len());
    for file in files {
        let source = texts(file).ok_or_else(|| {
            format!("the fix edits {}, which could not be read", file.unwrap_or("the file"))
        })?;
        let mine: Vec<Edit> = edits.iter().filter(|e| e.file.as_deref() == file).cloned().collect();
        out.extend(realign(source, &mine)?.into_iter().map(|e| e.in_file(file)));
    }
    Ok(out)
}

/// `edits` (sorted, non-overlapping) plus the padding edits that make every
/// alignment section they touch what gofmt prints, or why that cannot be done.
pub fn realign(source: &str, edits: &[Edit]) -> Result<Vec<Edit>, String> {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| (e.start, e.end));
    if edits.is_empty() {
        return Ok(edits);
    }
    let (fixed, placed) = splice(source, &edits);
    let touched: Vec<Range<usize>> = edits.iter().map(|e| e.start..e.end).collect();
    let (before, after) = (Text::new(source), Text::new(&fixed));
    for window in before.windows_around(&touched) {
        if !unchanged(&before, &window, &touched, &after, &placed)
            && !before.padding_fixes(window)?.is_empty()
        {
            return Err(refusal("gofmt would align it differently from the original text"));
        }
    }
    let mut fixes = Vec::new();
    for window in after.windows_around(&placed) {
        if !unchanged(&after, &window, &placed, &before, &touched) {
            fixes.extend(after.padding_fixes(window)?);
        }
    }
    // From the end, so that changes inside one replacement keep their offsets.
    fixes.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    for (range, spaces) in fixes {
        place(&mut edits, &placed, range, &" ".repeat(spaces))?;
    }
    edits.sort_by_key(|e| (e.start, e.end));
    Ok(edits)
}

/// Whether `window` of text `a` is, line for line and with the same
/// bounds, a window of text `b` too: no edit touches it (`in_a` and `in_b`
/// are where the edits sit in each text), so its layout cannot change.
fn unchanged(
    a: &Text,
    window: &Range<usize>,
    in_a: &[Range<usize>],
    b: &Text,
    in_b: &[Range<usize>],
) -> bool {
    let (start, end) = (a.lines[window.start].start, a.lines[window.end - 1].end);
    if in_a.iter().any(|r| r.start <= end && start <= r.end) {
        return false;
    }
    let shift = |offset: usize| match in_a.iter().rposition(|r| r.end <= offset) {
        Some(k) => offset - in_a[k].end + in_b[k].end,
        None => offset,
    };
    let there = b.window(b.line_of(shift(start)));
    b.lines[there.start].start == shift(start) && b.lines[there.end - 1].end == shift(end)
}

fn refusal(detail: &str) -> String {
    format!("the edit sits in a block of aligned comments chanfix cannot re-align ({detail})")
}

/// The fixed text, and where each edit's replacement sits in it.
fn splice(source: &str, edits: &[Edit]) -> (String, Vec<Range<usize>>) {
    let mut placed = Vec::with_capacity(edits.len());
    let mut delta: isize = 0;
    for e in edits {
        let start = (e.start as isize + delta) as usize;
        placed.push(start..start + e.replacement.len());
        delta += e.replacement.len() as isize - (e.end - e.start) as isize;
    }
    (finding::apply_edits(source, edits), placed)
}

/// Puts `text` in place of the fixed-text range `range`: a new edit when the
/// range lies in text no edit changed, a change to an edit's replacement
/// when it lies inside that replacement.
fn place(
    edits: &mut Vec<Edit>,
    placed: &[Range<usize>],
    range: Range<usize>,
    text: &str,
) -> Result<(), String> {
    let mut delta: isize = 0;
    for (i, p) in placed.iter().enumerate() {
        if p.start <= range.start && range.end <= p.end && p.start < p.end {
            let local = range.start - p.start..range.end - p.start;
            edits[i].replacement.replace_range(local, text);
            return Ok(());
        }
        if range.start < p.end && p.start < range.end {
            return Err(refusal("the padding to change straddles an edit"));
        }
        if p.end <= range.start {
            delta -= edits[i].replacement.len() as isize - (edits[i].end - edits[i].start) as isize;
        }
    }
    let start = (range.start as isize + delta) as usize;
    edits.push(Edit::new(start..start + range.len(), text));
    Ok(())
}

/// What encloses a line: the innermost bracket open at its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bracket {
    /// A statement block: `{` of a function, `if`, `for`, `switch`, ...
    Block,
    /// `var (` or `const (`: value specs, aligned in columns.
    Group,
    /// Anything else: call arguments, composite literals, types.
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Open {
    kind: Bracket,
    line: usize,
    at: usize,
}

/// One line of Go source as far as alignment is concerned.
#[derive(Debug)]
struct Line {
    /// Byte range of the line without its terminator (`\n` or `\r\n`).
    start: usize,
    end: usize,
    indent: usize,
    context: Option<Open>,
    /// The bracket the line opens and leaves open.
    opens: Option<Bracket>,
    /// The bracket its first character closes.
    closes: Option<Bracket>,
    /// End of the code (start + indent when there is none).
    code_end: usize,
    /// Start of its `//` comment.
    comment: Option<usize>,
    /// In or around a multi-line literal or block comment, or indented with
    /// spaces: chanfix does not know its cells.
    opaque: bool,
}

/// How go/printer lays out a line, for alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Blank,
    CommentOnly,
    /// A statement (or `case`, label, closing brace): one code cell.
    Single,
    /// A value spec in a group of two or more: names, type, `= values`.
    Spec,
    /// Anything else (continuation lines, literals, fields).
    Complex,
}

struct Text<'s> {
    src: &'s str,
    lines: Vec<Line>,
    shapes: Vec<Shape>,
    /// For value specs: whether go/printer keeps their type column (none when
    /// a spec of the group cannot be read).
    keep_type: Vec<Option<bool>>,
}

/// A text cell: its byte range, or none for an empty cell.
#[derive(Clone, Debug)]
struct Cell {
    text: Option<Range<usize>>,
    width: usize,
    htab: bool,
}

impl<'s> Text<'s> {
    fn new(src: &'s str) -> Self {
        let lines = scan(src);
        let groups = group_specs(&lines);
        let mut shapes: Vec<Shape> = (0..lines.len()).map(|i| shape(src, &lines, i, &groups)).collect();
        mark_case_lists(src, &lines, &mut shapes);
        let keep_type = keep_type_columns(src, &lines, &groups);
        Text { src, lines, shapes, keep_type }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|l| l.start <= offset).saturating_sub(1)
    }

    /// The windows (runs of lines between sure column breaks) holding the
    /// lines of `ranges` and the lines next to them.
    fn windows_around(&self, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut windows: Vec<Range<usize>> = Vec::new();
        if self.lines.is_empty() {
            return windows;
        }
        for r in ranges {
            let first = self.line_of(r.start).saturating_sub(1);
            let last = (self.line_of(r.end) + 1).min(self.lines.len().saturating_sub(1));
            for i in first..=last {
                let w = self.window(i);
                if !windows.contains(&w) {
                    windows.push(w);
                }
            }
        }
        windows
    }

    fn window(&self, i: usize) -> Range<usize> {
        let mut a = i;
        while a > 0 && !self.breaks(a - 1) {
            a -= 1;
        }
        let mut b = i;
        while b + 1 < self.lines.len() && !self.breaks(b) {
            b += 1;
        }
        a..b + 1
    }

    /// Whether go/printer surely ends every column between line `i` and `i + 1`.
    fn breaks(&self, i: usize) -> bool {
        let (l, n) = (&self.lines[i], &self.lines[i + 1]);
        let (sl, sn) = (self.shapes[i], self.shapes[i + 1]);
        if [sl, sn].iter().any(|s| matches!(s, Shape::Blank | Shape::CommentOnly)) {
            return true;
        }
        if matches!(l.opens, Some(Bracket::Block | Bracket::Group))
            || matches!(n.closes, Some(Bracket::Block | Bracket::Group))
        {
            return true;
        }
        if self.is_clause(i) || self.is_clause(i + 1) {
            return true;
        }
        if n.context.is_none() {
            // Between top-level declarations only a function spanning lines
            // starts a section (go/printer's declList).
            return n.opens == Some(Bracket::Block) && self.src[n.start..n.code_end].starts_with("func");
        }
        matches!(sn, Shape::Single | Shape::Spec) && l.context != n.context
    }

    /// A `case`/`default` line or a label in a block.
    fn is_clause(&self, i: usize) -> bool {
        let l = &self.lines[i];
        if !matches!(l.context.map(|o| o.kind), Some(Bracket::Block)) || self.shapes[i] != Shape::Single {
            return false;
        }
        let code = &self.src[l.start + l.indent..l.code_end];
        code.starts_with("case ") || code == "default:" || is_label(code)
    }

    /// The padding changes (range, spaces) that make `window` what gofmt prints.
    fn padding_fixes(&self, window: Range<usize>) -> Result<Vec<(Range<usize>, usize)>, String> {
        let rows = &window;
        let aligned = rows.clone().any(|i| {
            self.shapes[i] == Shape::Spec
                || (self.shapes[i] != Shape::CommentOnly && self.lines[i].comment.is_some())
        });
        if !aligned {
            return Ok(Vec::new());
        }
        if rows.clone().any(|i| self.shapes[i] == Shape::Complex) {
            return Err(refusal("a line near it continues a statement, a literal or a string"));
        }
        let cells: Vec<Vec<Cell>> = rows.clone().map(|i| self.cells(i)).collect::<Result<_, _>>()?;
        let terminated: Vec<&[Cell]> = cells.iter().map(|c| &c[..c.len().saturating_sub(1)]).collect();
        let widths = column_widths(&terminated);
        let mut fixes = Vec::new();
        for (k, i) in rows.clone().enumerate() {
            fixes.extend(self.line_fixes(i, &cells[k], &widths[k])?);
        }
        Ok(fixes)
    }

    /// Cells of line `i`, the last one (not in any column) included.
    fn cells(&self, i: usize) -> Result<Vec<Cell>, String> {
        let l = &self.lines[i];
        let mut cells: Vec<Cell> = (0..l.indent).map(|_| Cell { text: None, width: 0, htab: true }).collect();
        let code = l.start + l.indent..l.code_end;
        match self.shapes[i] {
            Shape::Blank => cells.clear(),
            Shape::CommentOnly => cells.push(self.cell(l.comment.unwrap_or(code.start)..l.end, true)),
            Shape::Single => {
                cells.push(self.cell(code, true));
                if let Some(c) = l.comment {
                    cells.push(self.cell(c..l.end, true));
                }
            }
            Shape::Spec => {
                let keep = self.keep_type[i].ok_or_else(|| refusal("a value spec chanfix cannot read"))?;
                let spec =
                    split_spec(self.src, code).ok_or_else(|| refusal("a value spec chanfix cannot read"))?;
                let mut parts = vec![self.cell(spec.names, false)];
                if spec.ty.is_some() || keep {
                    parts.push(
                        spec.ty.map_or(Cell { text: None, width: 0, htab: false }, |t| self.cell(t, false)),
                    );
                }
                if let Some(v) = spec.values {
                    parts.push(self.cell(v, false));
                }
                if let Some(c) = l.comment {
                    while parts.len() < 4 {
                        parts.push(Cell { text: None, width: 0, htab: false });
                    }
                    *parts.last_mut().expect("four cells") = self.cell(c..l.end, false);
                }
                cells.extend(parts);
            }
            Shape::Complex => return Err(refusal("a line chanfix cannot split into cells")),
        }
        Ok(cells)
    }

    fn cell(&self, text: Range<usize>, htab: bool) -> Cell {
        Cell { width: self.src[text.clone()].chars().count(), text: Some(text), htab }
    }

    /// The padding changes for line `i`, laid out by the column `widths`.
    fn line_fixes(
        &self,
        i: usize,
        cells: &[Cell],
        widths: &[usize],
    ) -> Result<Vec<(Range<usize>, usize)>, String> {
        let l = &self.lines[i];
        let mut column = 0;
        let mut pieces: Vec<(Range<usize>, usize)> = Vec::new();
        for (j, cell) in cells.iter().enumerate() {
            let width = widths.get(j).copied();
            match (&cell.text, width) {
                (None, Some(w)) if j < l.indent => {
                    if !(1..=8).contains(&w) {
                        return Err(refusal("gofmt would widen the indentation"));
                    }
                }
                (None, Some(w)) => column += w,
                (Some(t), w) => {
                    pieces.push((t.clone(), column));
                    column += w.unwrap_or(cell.width);
                }
                (None, None) => {}
            }
        }
        let mut fixes = Vec::new();
        for pair in pieces.windows(2) {
            let ((a, col_a), (b, col_b)) = (&pair[0], &pair[1]);
            let want = col_b - col_a - self.src[a.clone()].chars().count();
            let gap = &self.src[a.end..b.start];
            if want == 0 {
                return Err(refusal("a cell left no room for padding"));
            }
            if gap.len() != want || gap.bytes().any(|c| c != b' ') {
                fixes.push((a.end..b.start, want));
            }
        }
        Ok(fixes)
    }
}

/// text/tabwriter's column widths (padding 1, empty columns discarded) for
/// lines of terminated cells: `widths[line][cell]`.
fn column_widths(lines: &[&[Cell]]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = lines.iter().map(|l| vec![0; l.len()]).collect();
    let mut stack = Vec::new();
    format_columns(lines, 0..lines.len(), &mut stack, &mut out);
    out
}

fn format_columns(lines: &[&[Cell]], range: Range<usize>, widths: &mut Vec<usize>, out: &mut [Vec<usize>]) {
    let column = widths.len();
    let mut from = range.start;
    let mut this = range.start;
    while this < range.end {
        if column >= lines[this].len() {
            this += 1;
            continue;
        }
        settle(lines, from..this, widths, out);
        from = this;
        let (mut width, mut discardable) = (0, true);
        while this < range.end && column < lines[this].len() {
            let c = &lines[this][column];
            width = width.max(c.width + 1);
            discardable &= c.width == 0 && !c.htab;
            this += 1;
        }
        widths.push(if discardable { 0 } else { width });
        format_columns(lines, from..this, widths, out);
        widths.pop();
        from = this;
    }
    settle(lines, from..range.end, widths, out);
}

fn settle(lines: &[&[Cell]], range: Range<usize>, widths: &[usize], out: &mut [Vec<usize>]) {
    for i in range {
        for (j, w) in widths.iter().enumerate().take(lines[i].len()) {
            out[i][j] = *w;
        }
    }
}

/// The lines of `src` with their brackets, code and comments.
fn scan(src: &str) -> Vec<Line> {
    let bytes = src.as_bytes();
    let mut lines: Vec<Line> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut long: Option<u8> = None; // inside a raw string (`) or block comment (*)
    let mut start = 0;
    while start < bytes.len() {
        let next = src[start..].find('\n').map_or(bytes.len(), |p| start + p + 1);
        let end = src[start..next].trim_end_matches(['\n', '\r']).len() + start;
        let indent = bytes[start..end].iter().take_while(|&&b| b == b'\t').count();
        let index = lines.len();
        let mut line = Line {
            start,
            end,
            indent,
            context: stack.last().copied(),
            opens: None,
            closes: None,
            code_end: start + indent,
            comment: None,
            opaque: long.is_some() || bytes.get(start + indent) == Some(&b' '),
        };
        let mut i = start;
        let mut first = true;
        while i < end {
            if let Some(close) = long {
                line.opaque = true;
                if bytes[i] == close && (close == b'`' || bytes.get(i + 1) == Some(&b'/')) {
                    i += if close == b'`' { 1 } else { 2 };
                    long = None;
                    line.code_end = i;
                } else {
                    i += 1;
                }
                first = false;
                continue;
            }
            let b = bytes[i];
            match b {
                b' ' | b'\t' => {
                    i += 1;
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    line.comment = Some(i);
                    break;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    long = Some(b'*');
                    line.opaque = true;
                    i += 2;
                    continue;
                }
                b'`' => {
                    long = Some(b'`');
                    i += 1;
                    continue;
                }
                b'"' | b'\'' => i = quoted_end(bytes, i, end),
                b'{' | b'(' | b'[' => {
                    let kind = bracket_kind(src, line.start + line.indent, i, end);
                    stack.push(Open { kind, line: index, at: i });
                    i += 1;
                }
                b'}' | b')' | b']' => {
                    let closed = stack.pop();
                    if first {
                        line.closes = closed.map(|o| o.kind);
                    }
                    i += 1;
                }
                _ => i += 1,
            }
            first = false;
            line.code_end = i;
        }
        if long == Some(b'`') {
            line.opaque = true;
        }
        line.opens = stack.last().filter(|o| o.line == index).map(|o| o.kind);
        lines.push(line);
        start = next;
    }
    lines
}

/// The offset after the string or rune literal opening at `i`.
fn quoted_end(bytes: &[u8], i: usize, end: usize) -> usize {
    let quote = bytes[i];
    let mut k = i + 1;
    while k < end {
        match bytes[k] {
            b'\\' => k += 2,
            c if c == quote => return k + 1,
            _ => k += 1,
        }
    }
    end
}

/// What the bracket at `at` opens, judged from the code before it on its line.
fn bracket_kind(src: &str, code_start: usize, at: usize, end: usize) -> Bracket {
    let rest = src[at + 1..end].trim_start();
    let last_on_line = rest.is_empty() || rest.starts_with("//");
    let before = &src[code_start..at];
    let prefix = before.trim();
    match src.as_bytes()[at] {
        b'(' if last_on_line && (prefix == "var" || prefix == "const") => Bracket::Group,
        b'{' if last_on_line && (prefix.is_empty() || before.ends_with(' ')) => {
            let word = prefix.trim_start_matches(['}', ' ']).split([' ', '(']).next().unwrap_or("");
            let control = ["if", "for", "switch", "select", "else", "func", ""].contains(&word);
            let typ = prefix.ends_with("struct") || prefix.ends_with("interface");
            if !typ && (control || prefix.contains("func(") || prefix.contains("func ")) {
                Bracket::Block
            } else {
                Bracket::Other
            }
        }
        _ => Bracket::Other,
    }
}

/// The spec lines of every `var (`/`const (` group, by the group's `(`.
fn group_specs(lines: &[Line]) -> HashMap<usize, Vec<usize>> {
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(open) = l.context.filter(|o| o.kind == Bracket::Group) else { continue };
        if l.indent == lines[open.line].indent + 1 && l.code_end > l.start + l.indent {
            groups.entry(open.at).or_default().push(i);
        }
    }
    groups
}

/// go/printer's keepTypeColumn: in each run of specs with values, the type
/// column is kept when one of them has a type.
fn keep_type_columns(src: &str, lines: &[Line], groups: &HashMap<usize, Vec<usize>>) -> Vec<Option<bool>> {
    let mut keep = vec![None; lines.len()];
    for specs in groups.values() {
        let parsed: Option<Vec<(bool, bool)>> = specs
            .iter()
            .map(|&j| {
                let l = &lines[j];
                split_spec(src, l.start + l.indent..l.code_end).map(|s| (s.ty.is_some(), s.values.is_some()))
            })
            .collect();
        let Some(parsed) = parsed else { continue };
        let mut run_start = 0;
        for k in 0..=parsed.len() {
            if k == parsed.len() || !parsed[k].1 {
                let typed = parsed[run_start..k].iter().any(|p| p.0);
                for &j in &specs[run_start..k] {
                    keep[j] = Some(typed);
                }
                if k < parsed.len() {
                    keep[specs[k]] = Some(false);
                }
                run_start = k + 1;
            }
        }
    }
    keep
}

fn shape(src: &str, lines: &[Line], i: usize, groups: &HashMap<usize, Vec<usize>>) -> Shape {
    let l = &lines[i];
    if l.opaque {
        return Shape::Complex;
    }
    if l.code_end == l.start + l.indent {
        return if l.comment.is_some() { Shape::CommentOnly } else { Shape::Blank };
    }
    let expected = l.context.map_or(0, |o| lines[o.line].indent + 1);
    let code = &src[l.start + l.indent..l.code_end];
    match l.context.map(|o| o.kind) {
        // A one-line function declaration: go/printer puts a cell break
        // before its body.
        None if code.starts_with("func") && code.ends_with('}') => Shape::Complex,
        None | Some(Bracket::Block) if l.indent == expected => Shape::Single,
        Some(Bracket::Block) if l.indent + 1 == expected => {
            let clause = code.starts_with("case ") || code == "default:" || is_label(code);
            if clause || l.closes == Some(Bracket::Block) { Shape::Single } else { Shape::Complex }
        }
        Some(Bracket::Group) if l.indent + 1 == expected && l.closes == Some(Bracket::Group) => Shape::Single,
        Some(Bracket::Group) if l.indent == expected => {
            let specs = l.context.and_then(|o| groups.get(&o.at)).map_or(0, Vec::len);
            if specs > 1 { Shape::Spec } else { Shape::Single }
        }
        _ => Shape::Complex,
    }
}

/// The lines continuing a `case` list over several lines, which go/printer
/// lays out as an expression list, not as statements.
fn mark_case_lists(src: &str, lines: &[Line], shapes: &mut [Shape]) {
    let mut in_list = false;
    for (i, l) in lines.iter().enumerate() {
        let code = &src[l.start + l.indent..l.code_end];
        if in_list && shapes[i] != Shape::CommentOnly && shapes[i] != Shape::Blank {
            shapes[i] = Shape::Complex;
            in_list = !code.ends_with(':');
        } else if (code == "case" || code.starts_with("case ")) && !code.ends_with(':') {
            in_list = true;
        }
    }
}

fn is_label(code: &str) -> bool {
    code.strip_suffix(':').is_some_and(|name| {
        !name.is_empty() && name != "default" && name.chars().all(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The parts of a value spec `names [type] [= values]`.
struct Spec {
    names: Range<usize>,
    ty: Option<Range<usize>>,
    values: Option<Range<usize>>,
}

fn split_spec(src: &str, code: Range<usize>) -> Option<Spec> {
    let text = &src[code.clone()];
    let mut names_end = 0;
    loop {
        let ident = text[names_end..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(text.len() - names_end, |p| p);
        if ident == 0 {
            return None;
        }
        names_end += ident;
        match text[names_end..].strip_prefix(", ") {
            Some(_) => names_end += 2,
            None => break,
        }
    }
    let at = |r: Range<usize>| code.start + r.start..code.start + r.end;
    let names = at(0..names_end);
    let rest_start = names_end + (text[names_end..].len() - text[names_end..].trim_start().len());
    if rest_start == names_end && rest_start < text.len() {
        return None;
    }
    let eq = assign_at(&text[rest_start..]).map(|p| rest_start + p);
    let ty = match eq {
        Some(e) if e == rest_start => None,
        Some(e) => Some(at(rest_start..text[..e].trim_end().len())),
        None if rest_start < text.len() => Some(at(rest_start..text.len())),
        None => None,
    };
    Some(Spec { names, ty, values: eq.map(|e| at(e..text.len())) })
}

/// The offset of the `=` of `type = values` (outside brackets and strings).
fn assign_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0i32, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => {
                i = quoted_end(bytes, i, bytes.len());
                continue;
            }
            b'`' => {
                i = text[i + 1..].find('`').map_or(bytes.len(), |p| i + p + 2);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b'=' if depth == 0 && (i == 0 || bytes[i - 1] == b' ') && bytes.get(i + 1) == Some(&b' ') => {
                return Some(i);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(src: &str, edits: &[Edit]) -> Result<String, String> {
        realign(src, edits).map(|all| finding::apply_edits(src, &all))
    }

    fn insert_after(src: &str, anchor: &str, text: &str) -> Edit {
        Edit::insert(src.find(anchor).unwrap() + anchor.len(), text)
    }

    const LISTING: &str = "package p\n\nfunc f() error {\n\terrCh := make(chan error) // (1)\n\tgo func() {               // (5)\n\t\terrCh <- nil\n\t}()\n\treturn nil\n}\n";

    #[test]
    fn lengthened_line_realigns_its_section() {
        let out = fixed(LISTING, &[insert_after(LISTING, "chan error", ", 1")]).unwrap();
        assert!(
            out.contains("\terrCh := make(chan error, 1) // (1)\n\tgo func() {                  // (5)\n"),
            "{out}"
        );
    }

    #[test]
    fn inserted_line_without_comment_splits_the_section() {
        let at = LISTING.find("\tgo func").unwrap();
        let out = fixed(LISTING, &[Edit::insert(at, "\tstopCh := make(chan struct{})\n")]).unwrap();
        assert!(
            out.contains(
                "\terrCh := make(chan error) // (1)\n\tstopCh := make(chan struct{})\n\tgo func() { // (5)\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn crlf_is_kept() {
        let src = LISTING.replace('\n', "\r\n");
        let out = fixed(&src, &[insert_after(&src, "chan error", ", 1")]).unwrap();
        assert!(
            out.contains(
                "\terrCh := make(chan error, 1) // (1)\r\n\tgo func() {                  // (5)\r\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn untouched_sections_stay_byte_identical() {
        let src = "package p\n\nfunc f() {\n\ta := 1 // x\n\tbb := 2  // off\n\n\tc := make(chan int) // y\n\td := 3              // z\n}\n";
        let out = fixed(src, &[insert_after(src, "chan int", ", 1")]).unwrap();
        assert!(out.contains("\tbb := 2  // off\n"), "{out}");
        assert!(out.contains("\tc := make(chan int, 1) // y\n\td := 3                 // z\n"), "{out}");
    }

    #[test]
    fn blank_line_comment_line_and_block_braces_end_sections() {
        let src = "package p\n\nfunc f() {\n\tif x { // a\n\t\tc := make(chan int) // y\n\t\t// note\n\t\td := 3 // z\n\t} // b\n}\n";
        let out = fixed(src, &[insert_after(src, "chan int", ", 1")]).unwrap();
        assert_eq!(out, src.replace("chan int", "chan int, 1"));
    }

    #[test]
    fn multi_line_statement_ends_a_section() {
        let src = "package p\n\nfunc f() {\n\tgo func() {\n\t}() // a\n\tc := make(chan int) // y\n\td := 3              // z\n}\n";
        let out = fixed(src, &[insert_after(src, "chan int", ", 1")]).unwrap();
        assert!(
            out.contains("\t}() // a\n\tc := make(chan int, 1) // y\n\td := 3                 // z\n"),
            "{out}"
        );
    }

    #[test]
    fn case_clauses_are_sections_of_their_own() {
        let src = "package p\n\nfunc f() {\n\tselect {\n\tcase v := <-c: // a\n\t\tx := make(chan int) // y\n\t\ty := 1              // z\n\tdefault: // d\n\t}\n}\n";
        let out = fixed(src, &[insert_after(src, "chan int", ", 1")]).unwrap();
        assert!(out.contains("\tcase v := <-c: // a\n\t\tx := make(chan int, 1) // y\n\t\ty := 1                 // z\n\tdefault: // d\n"), "{out}");
    }

    #[test]
    fn var_group_realigns_values_and_comments() {
        let src = "package p\n\nfunc f() {\n\tvar (\n\t\terrCh = make(chan error) // c\n\t\tn     = 3                // d\n\t)\n\t_ = n\n}\n";
        let out = fixed(src, &[insert_after(src, "chan error", ", 1")]).unwrap();
        assert!(
            out.contains("\t\terrCh = make(chan error, 1) // c\n\t\tn     = 3                   // d\n"),
            "{out}"
        );
    }

    #[test]
    fn var_group_keeps_the_type_column() {
        let src = "package p\n\nvar (\n\ta   int = 1 // x\n\tbbb     = 2 // y\n)\n";
        let out = fixed(src, &[insert_after(src, "= 2", "00")]).unwrap();
        assert_eq!(out, "package p\n\nvar (\n\ta   int = 1   // x\n\tbbb     = 200 // y\n)\n");
    }

    #[test]
    fn a_spec_without_values_ends_the_run_that_keeps_the_type_column() {
        let src = "package p\n\nconst (\n\ta  int = 1 // x\n\tbb     = 2 // y\n\tc\n\td   = 3  // z\n\teee = 44 // w\n)\n";
        let out = fixed(src, &[insert_after(src, "= 44", "444")]).unwrap();
        assert_eq!(out, src.replace("3  // z", "3     // z").replace("44 //", "44444 //"));
    }

    #[test]
    fn each_fix_carries_its_own_realignment() {
        let src = LISTING.replace("\treturn nil", "\tfoo(a, // z\n\t\tb)\n\tc := make(chan int) // y");
        let finding = |anchor: &str| {
            let fix =
                crate::finding::Fix { message: "m".into(), edits: vec![insert_after(&src, anchor, ", 1")] };
            Finding::fixed("r", 0..1, "x".into(), fix)
        };
        let mut findings = vec![finding("chan error"), finding("(a")];
        let edits = aligned_edits(|_| Some(src.as_str()), &mut findings);
        assert_eq!(findings[0].fix.as_ref().map(|f| f.edits.len()), Some(2), "the insert and one padding");
        assert!(findings[1].no_fix_reason.as_deref().is_some_and(|r| r.contains("cannot re-align")));
        assert_eq!(edits, findings[0].fix.as_ref().unwrap().edits);
    }

    #[test]
    fn an_edit_in_another_file_is_realigned_in_that_file() {
        let here = "package p\n\nfunc g() {}\n";
        let texts = |file: Option<&str>| match file {
            None => Some(here),
            Some("b.go") => Some(LISTING),
            Some(_) => None,
        };
        let there = insert_after(LISTING, "chan error", ", 1").in_file(Some("b.go"));
        let fix = crate::finding::Fix { message: "m".into(), edits: vec![there] };
        let mut findings = vec![Finding::fixed("r", 0..1, "x".into(), fix)];
        let edits = aligned_edits(texts, &mut findings);
        assert_eq!(edits.len(), 2, "the insert and the padding of the next comment: {edits:?}");
        assert!(edits.iter().all(|e| e.file.as_deref() == Some("b.go")), "{edits:?}");
        let out = finding::apply_edits(LISTING, &edits);
        assert!(out.contains("\tgo func() {                  // (5)\n"), "{out}");
        let lost = Edit::insert(0, "x").in_file(Some("c.go"));
        let fix = crate::finding::Fix { message: "m".into(), edits: vec![lost] };
        let mut findings = vec![Finding::fixed("r", 0..1, "x".into(), fix)];
        assert!(aligned_edits(texts, &mut findings).is_empty());
        assert!(findings[0].no_fix_reason.as_deref().is_some_and(|r| r.contains("c.go")));
    }

    #[test]
    fn continuation_lines_among_comments_are_refused() {
        let src = "package p\n\nfunc f() {\n\tc := make(chan int) // y\n\tfoo(a, // z\n\t\tb)\n}\n";
        let err = fixed(src, &[insert_after(src, "chan int", ", 1")]).unwrap_err();
        assert!(err.contains("cannot re-align"), "{err}");
    }

    #[test]
    fn a_statement_after_a_multi_line_one_starts_a_section() {
        let src = "package p\n\nfunc f() {\n\tfoo(a, // z\n\t\tb)\n\tc := make(chan int) // y\n\td := 3              // w\n}\n";
        let out = fixed(src, &[insert_after(src, "chan int", ", 1")]).unwrap();
        assert!(
            out.ends_with("\t\tb)\n\tc := make(chan int, 1) // y\n\td := 3                 // w\n}\n"),
            "{out}"
        );
    }

    #[test]
    fn inserted_lines_with_comments_are_aligned_inside_the_replacement() {
        let at = LISTING.find("\treturn nil").unwrap();
        let edit = Edit::insert(at, "\tx := 1 // a\n\tyy := 2 // b\n\tz := 3 // c\n");
        let all = realign(LISTING, std::slice::from_ref(&edit)).unwrap();
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].replacement, "\tx := 1  // a\n\tyy := 2 // b\n\tz := 3  // c\n");
    }

    #[test]
    fn misaligned_original_is_refused() {
        let src = "package p\n\nfunc f() {\n\tc := make(chan int) // y\n\td := 3 // z\n}\n";
        assert!(fixed(src, &[insert_after(src, "chan int", ", 1")]).is_err());
    }

    #[test]
    fn edits_away_from_comments_are_left_as_they_are() {
        let src = "package p\n\nfunc f() {\n\tc := make(chan int)\n\tfoo(a,\n\t\tb)\n}\n";
        let edit = insert_after(src, "chan int", ", 1");
        assert_eq!(realign(src, std::slice::from_ref(&edit)).unwrap(), vec![edit]);
    }

    #[test]
    fn comment_moved_into_a_replacement_is_padded_there() {
        let src = "package p\n\nfunc f() {\n\ta := 1  // x\n\tch <- v // y\n}\n";
        let start = src.find("ch <- v").unwrap();
        let end = src.find("// y").unwrap() + 4;
        let edit = Edit::new(start..end, "select {\n\tcase <-stop:\n\t\treturn\n\tcase ch <- v: // y\n\t}");
        let out = fixed(src, &[edit]).unwrap();
        assert!(out.contains("\ta := 1 // x\n\tselect {\n"), "{out}");
    }

    #[test]
    fn tabwriter_widths_follow_column_blocks() {
        let c = |w: usize| Cell { text: None, width: w, htab: false };
        let a = [c(3), c(1)];
        let b = [c(5)];
        let d = [c(1), c(0)];
        let w = column_widths(&[&a, &b, &d]);
        assert_eq!(w, vec![vec![6, 2], vec![6], vec![6, 0]]);
    }

    #[test]
    fn brackets_are_told_apart() {
        let k = |line: &str| bracket_kind(line, 0, line.rfind(['{', '(']).unwrap(), line.len());
        assert_eq!(k("go func() {"), Bracket::Block);
        assert_eq!(k("for _, x := range xs {"), Bracket::Block);
        assert_eq!(k("x := []int{"), Bracket::Other);
        assert_eq!(k("for _, x := range []T{"), Bracket::Other);
        assert_eq!(k("type T struct {"), Bracket::Other);
        assert_eq!(k("var ("), Bracket::Group);
        assert_eq!(k("foo("), Bracket::Other);
    }

    /// gofmt formatted the Go source tree, so the model must find nothing to
    /// re-align in any window of it (those it cannot read aside).
    #[test]
    fn model_reproduces_the_layout_of_the_go_source_tree() {
        let Some(src) = goroot_src() else { return };
        let (targets, _) = crate::walk::collect(&src, &[".".to_string()]);
        assert!(targets.len() > 1000, "only {} files under {}", targets.len(), src.display());
        let (mut windows, mut wrong) = (0, Vec::new());
        for t in &targets {
            let Ok(source) = std::fs::read_to_string(&t.path) else { continue };
            let text = Text::new(&source);
            let mut i = 0;
            while i < text.lines.len() {
                let w = text.window(i);
                i = w.end;
                windows += 1;
                if let Ok(fixes) = text.padding_fixes(w)
                    && let Some((range, _)) = fixes.first()
                {
                    wrong.push(format!("{}:{}", t.display, finding::line_col(&source, range.start).0));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of {windows} windows laid out unlike gofmt: {:?}",
            wrong.len(),
            &wrong[..wrong.len().min(10)]
        );
    }

    /// `$(go env GOROOT)/src`, or none (a notice; a failure when CI is set).
    fn goroot_src() -> Option<std::path::PathBuf> {
        let out =
            std::process::Command::new("go").args(["env", "GOROOT"]).env("GOTOOLCHAIN", "local").output();
        let root = out
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
        match root.map(|r| std::path::Path::new(&r).join("src")).filter(|p| p.is_dir()) {
            Some(src) => Some(src),
            None if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) => panic!("Go is needed on CI"),
            None => {
                eprintln!("align: skipped the Go source tree check: no Go toolchain");
                None
            }
        }
    }
}
