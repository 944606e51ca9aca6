//! Fixes that change more than one file. A finding in file A may carry a
//! fix that also edits file B of its package (the producer it stops is
//! declared in B). Each file is checked on its own thread, so only once
//! every file of the run is checked can we tell whether B is free to take
//! those edits: B must not get edits from two places (its own fixes, or the
//! fixes of two other files), must be a file chanfix may write (not
//! excluded, not generated), and must still be what the package model read.
//!
//! The rule is simple and sound: a file gets edits from one place only.
//! The first claim on a free file wins (files in the run's order); every
//! other claimant is checked again with that file refused, so its fix is
//! reported without a fix, saying why. What is left is then laid out as
//! ordinary per-file results: B's result carries B's fixed text, and A
//! and B are linked ([`FileResult::together`]) so that `fix` writes them
//! all or none and `--verify` undoes them together.

use crate::pipeline::Outcome;
use crate::report::{FileResult, Report, Verdict};
use crate::write::Stamp;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A file the fixes of another file of the run want to change.
struct Claim {
    /// The index of the claiming file in the report.
    by: usize,
    /// The claimed file's name in the claimant's directory.
    name: String,
    path: PathBuf,
}

/// Other files a fix must not edit, each with the reason.
pub type Refused = [(String, String)];

/// Per claimant (its index in the report), the files it must not edit.
type Losers = BTreeMap<usize, Vec<(String, String)>>;

/// A claim that holds, with the claimed file as read just now.
struct Granted {
    claim: Claim,
    stamp: Stamp,
}

/// How the run settles claims: `recheck(i, refused)` checks file `i` of the
/// report again, refusing fixes that edit the named files (with the
/// reasons); `admit(path, original)` says whether chanfix may write that
/// file and that it still reads `original`, returning its stamp.
pub struct Settle<'a> {
    pub recheck: &'a mut dyn FnMut(usize, &Refused) -> Option<FileResult>,
    pub admit: &'a mut dyn FnMut(&Path, &str) -> Result<Stamp, String>,
}

/// At most this many rounds of rechecks (each round only removes fixes, so
/// one is normally enough; a second confirms it).
const ROUNDS: usize = 4;

/// Settles every claim of the report, then lays the granted ones out as
/// per-file results (see the module documentation).
pub fn settle(report: &mut Report, how: Settle) {
    let mut refused = Losers::new();
    for _ in 0..ROUNDS {
        let (_, losers) = decide(report, how.admit);
        if losers.is_empty() {
            break;
        }
        for (i, names) in losers {
            let all = refused.entry(i).or_default();
            all.extend(names);
            match (how.recheck)(i, all) {
                Some(again) => report.files[i] = again,
                None => unfix(
                    &mut report.files[i],
                    "its fix also changes another file, and checking it again failed",
                ),
            }
        }
    }
    // What is still contested after the last round is not fixed at all.
    let (granted, losers) = decide(report, how.admit);
    for (i, names) in losers {
        let (name, why) = &names[0];
        unfix(&mut report.files[i], &format!("its fix also edits {name}, {why}"));
    }
    lay_out(report, granted);
}

/// Whether a file's own findings carry edits of the file itself (`check`
/// keeps no fixed text, so this is read from the fixes).
fn fixes_itself(file: &FileResult) -> bool {
    file.outcome.fixed.is_some()
        || file
            .outcome
            .findings
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .any(|fix| fix.edits.iter().any(|e| e.file.is_none()))
}

/// The claims that hold, and per claimant the files it must not edit, with why.
fn decide(
    report: &Report,
    admit: &mut dyn FnMut(&Path, &str) -> Result<Stamp, String>,
) -> (Vec<Granted>, Losers) {
    let mut granted: Vec<Granted> = Vec::new();
    let mut losers = Losers::new();
    for claim in claims(report) {
        let own = report.files.iter().any(|f| fixes_itself(f) && same_file(f, &claim.path));
        let taken = granted.iter().any(|g| same_path(&g.claim.path, &claim.path));
        let original = &report.files[claim.by].outcome.others.iter().find(|o| o.name == claim.name);
        let verdict = match (own, taken, original) {
            (true, _, _) => {
                Err("which has fixes of its own in this run; run chanfix again after applying".into())
            }
            (_, true, _) => {
                Err("which the fix of another file in this run changes; run chanfix again after applying"
                    .into())
            }
            (_, _, None) => Err("which could not be read".into()),
            (_, _, Some(o)) => admit(&claim.path, &o.original),
        };
        match verdict {
            Ok(stamp) => granted.push(Granted { claim, stamp }),
            Err(why) => losers.entry(claim.by).or_default().push((claim.name, why)),
        }
    }
    // A claimant that lost one file loses its fix, and so its other claims.
    granted.retain(|g| !losers.contains_key(&g.claim.by));
    (granted, losers)
}

/// Every other file the fixes of the report's files change.
fn claims(report: &Report) -> Vec<Claim> {
    let mut claims = Vec::new();
    for (by, file) in report.files.iter().enumerate() {
        let Some(dir) = file.path.as_deref().and_then(Path::parent) else { continue };
        for other in &file.outcome.others {
            claims.push(Claim { by, name: other.name.clone(), path: dir.join(&other.name) });
        }
    }
    claims
}

fn same_file(file: &FileResult, path: &Path) -> bool {
    file.path.as_deref().is_some_and(|p| same_path(p, path))
}

fn same_path(a: &Path, b: &Path) -> bool {
    a == b || std::fs::canonicalize(a).ok().is_some_and(|a| std::fs::canonicalize(b).ok() == Some(a))
}

/// Gives each claimed file its fixed text, as a result of its own (added
/// when the run had nothing to say about it), linked to its claimant.
fn lay_out(report: &mut Report, granted: Vec<Granted>) {
    for Granted { claim, stamp } in granted {
        let Some(other) =
            report.files[claim.by].outcome.others.iter().find(|o| o.name == claim.name).cloned()
        else {
            continue;
        };
        let by_display = report.files[claim.by].display.clone();
        let display = match report.files.iter().position(|f| same_file(f, &claim.path)) {
            Some(j) => {
                let file = &mut report.files[j];
                file.outcome.fixed = Some(other.fixed);
                file.stamp = Some(stamp);
                file.together.push(by_display);
                file.display.clone()
            }
            None => {
                let display = report.files[claim.by].display_of(&claim.name);
                report.files.push(FileResult {
                    display: display.clone(),
                    path: Some(claim.path),
                    original: other.original,
                    outcome: Outcome { parsed: true, fixed: Some(other.fixed), ..Outcome::default() },
                    written: false,
                    stamp: Some(stamp),
                    verdict: None,
                    together: vec![by_display],
                });
                display
            }
        };
        report.files[claim.by].together.push(display);
    }
    report.files.sort_by(|a, b| a.display.cmp(&b.display));
}

/// A group (see [`Report::group_of`]) some of whose files will not change
/// after all (held back by `--verify`, a name a diff cannot show) is not
/// written at all: every file of it loses its fixes.
pub fn drop_incomplete(report: &mut Report) {
    for i in 0..report.files.len() {
        let group = report.group_of(i);
        if group.len() < 2 {
            continue;
        }
        let missing = group.iter().find(|&&g| !report.files[g].changes()).copied();
        if let Some(m) = missing
            && group.iter().any(|&g| report.files[g].changes())
        {
            let reason = format!("its fix also changes {}, which is not written", report.files[m].display);
            for &g in &group {
                unfix(&mut report.files[g], &reason);
            }
        }
    }
}

/// The file's fixes are not applied, for `reason`.
pub fn unfix(file: &mut FileResult, reason: &str) {
    for f in file.outcome.findings.iter_mut().filter(|f| f.fix.is_some()) {
        f.fix = None;
        f.no_fix_reason = Some(reason.to_string());
    }
    file.outcome.fixed = None;
    file.outcome.others.clear();
}

/// After `fix --verify`: a file whose fixes changed only other files of
/// its package shares what was concluded about them (verified, or rolled
/// back with them, counted in that rollback).
pub fn share_verdicts(report: &mut Report) {
    for i in 0..report.files.len() {
        let file = &report.files[i];
        if file.outcome.fixed.is_some() || file.together.is_empty() || file.outcome.others.is_empty() {
            continue;
        }
        let group = report.group_of(i);
        let Some(verdict) = group.iter().find_map(|&g| report.files[g].verdict.clone()) else { continue };
        if let Verdict::NotVerified(why) = &verdict
            && report.files[i].written
        {
            let partner = group.iter().find(|&&g| report.files[g].verdict.is_some()).copied().unwrap_or(i);
            let shown = report.files[partner].display.clone();
            let file = &mut report.files[i];
            let undone = file.outcome.findings.iter().filter(|f| f.fix.is_some()).count();
            unfix(file, &format!("its fix was undone with {shown}: {why}"));
            file.written = false;
            if let Some(rollback) = report.rollbacks.iter_mut().find(|r| r.files.contains(&shown)) {
                rollback.fixes += undone;
            }
        }
        report.files[i].verdict = Some(verdict);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Edit, Finding, Fix};
    use crate::pipeline::OtherFile;

    fn file(name: &str, fixed: bool, others: &[&str]) -> FileResult {
        let fix = Fix { message: "m".into(), edits: vec![Edit::insert(0, "x")] };
        let others = others
            .iter()
            .map(|n| OtherFile { name: n.to_string(), original: "o".into(), fixed: "f".into() })
            .collect();
        FileResult {
            display: name.into(),
            path: Some(PathBuf::from("/nowhere").join(name)),
            original: "o".into(),
            outcome: Outcome {
                findings: vec![Finding::fixed("r", 0..1, "x".into(), fix)],
                fixed: fixed.then(|| "f".into()),
                parsed: true,
                others,
            },
            written: false,
            stamp: None,
            verdict: None,
            together: Vec::new(),
        }
    }

    fn report(files: Vec<FileResult>) -> Report {
        Report { scanned: files.len(), files, errors: Vec::new(), rollbacks: Vec::new() }
    }

    fn stamp() -> Stamp {
        Stamp { len: 1, modified: None }
    }

    #[test]
    fn a_claim_on_a_file_with_fixes_of_its_own_is_refused_and_unfixed_when_the_recheck_fails() {
        let mut report = report(vec![file("a.go", true, &["b.go"]), file("b.go", true, &[])]);
        let mut asked = Vec::new();
        let mut recheck = |i: usize, refused: &Refused| {
            asked.push((i, refused.to_vec()));
            None
        };
        let mut admit = |_: &Path, _: &str| Ok(stamp());
        settle(&mut report, Settle { recheck: &mut recheck, admit: &mut admit });
        assert_eq!(asked.len(), 1, "{asked:?}");
        assert!(asked[0].1[0].1.contains("has fixes of its own"), "{asked:?}");
        let a = &report.files[0];
        assert!(a.outcome.fixed.is_none() && a.outcome.others.is_empty());
        assert!(a.outcome.findings[0].fix.is_none());
        assert!(report.files[1].outcome.fixed.is_some(), "b.go keeps its own fixes");
        assert!(report.files.iter().all(|f| f.together.is_empty()));
    }

    #[test]
    fn a_granted_claim_adds_the_other_file_linked_to_its_claimant() {
        let mut report = report(vec![file("a.go", true, &["b.go"])]);
        let mut recheck = |_: usize, _: &Refused| -> Option<FileResult> { panic!("nothing to recheck") };
        let mut admit = |p: &Path, original: &str| {
            assert_eq!((p, original), (Path::new("/nowhere/b.go"), "o"));
            Ok(stamp())
        };
        settle(&mut report, Settle { recheck: &mut recheck, admit: &mut admit });
        let names: Vec<&str> = report.files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(names, ["a.go", "b.go"]);
        assert_eq!(report.files[1].outcome.fixed.as_deref(), Some("f"));
        assert_eq!(report.group_of(0), [0, 1]);
        assert_eq!(report.group_of(1), [0, 1]);
    }

    #[test]
    fn a_file_not_admitted_refuses_the_claim_with_the_reason() {
        let mut report = report(vec![file("a.go", true, &["b.go"])]);
        let mut recheck = |_: usize, refused: &Refused| {
            assert_eq!(refused, [("b.go".to_string(), "which is generated".to_string())]);
            Some(file("a.go", true, &[]))
        };
        let mut admit = |_: &Path, _: &str| Err("which is generated".to_string());
        settle(&mut report, Settle { recheck: &mut recheck, admit: &mut admit });
        assert_eq!(report.files.len(), 1);
        assert!(report.files[0].together.is_empty());
    }

    #[test]
    fn a_group_missing_a_file_is_not_written_at_all() {
        let mut report = report(vec![file("a.go", true, &["b.go"]), file("b.go", true, &[])]);
        report.files[0].together.push("b.go".into());
        report.files[1].together.push("a.go".into());
        report.files[1].outcome.fixed = None; // held back by --verify, say
        drop_incomplete(&mut report);
        assert!(report.files.iter().all(|f| !f.changes()));
        let reason = report.files[0].outcome.findings[0].no_fix_reason.as_deref().unwrap();
        assert!(reason.contains("b.go, which is not written"), "{reason}");
    }
}
