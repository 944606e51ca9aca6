//! Project settings, so that a team can adopt chanfix on an existing
//! codebase without repeating flags: `chanfix.toml` (or `.chanfix.toml`),
//! found upward from each file like `ruff.toml` or `.golangci.yml`, or named
//! with `--config FILE`; `--isolated` ignores every file. Globs are matched
//! against the path relative to the directory holding the file.
//!
//! ```toml
//! select = ["abandoned-sender", "unused-ignore"]   # default: every rule
//! ignore = ["unused-ignore"]
//! exclude = ["vendor/**", "*_gen.go"]    # a pattern without `/` matches at any depth
//! include-generated = false
//! exit-zero = false                      # findings alone never fail the run
//!
//! [per-path-ignores]
//! "legacy/**" = ["abandoned-producer"]
//! ```

use crate::rules;
use crate::suppress;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file names looked for, in order of preference, in each directory.
pub const FILE_NAMES: [&str; 2] = ["chanfix.toml", ".chanfix.toml"];

/// What a configuration file may say. Unknown keys are an error.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// The rules to run; `None`: all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<Vec<String>>,
    /// Rules not to run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Paths not to check (unless named on the command line).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Rules not to run on paths matching a glob.
    #[serde(default)]
    pub per_path_ignores: BTreeMap<String, Vec<String>>,
    /// Also check generated files.
    #[serde(default)]
    pub include_generated: bool,
    /// Exit 0 even with findings (errors still exit 2).
    #[serde(default)]
    pub exit_zero: bool,
}

/// Settings with their globs compiled, and where they came from.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file read; `None`: the defaults.
    pub file: Option<PathBuf>,
    pub settings: Settings,
    /// The directory globs are relative to.
    root: PathBuf,
    excludes: GlobSet,
    per_path: Vec<(GlobSet, Vec<String>)>,
}

impl Config {
    /// The defaults, as if an empty file sat in `root`.
    pub fn defaults(root: &Path) -> Config {
        Config::compile(None, root, Settings::default()).expect("the defaults are valid")
    }

    /// Reads and checks `file`. Errors name the file.
    pub fn load(file: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let settings: Settings = toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(1, |span| text[..span.start].matches('\n').count() + 1);
            format!("{}:{line}: {}", file.display(), e.message())
        })?;
        let root = file.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Config::compile(Some(file.to_path_buf()), &root, settings)
            .map_err(|e| format!("{}: {e}", file.display()))
    }

    fn compile(file: Option<PathBuf>, root: &Path, settings: Settings) -> Result<Config, String> {
        let named = settings.select.iter().flatten().chain(&settings.ignore).map(|r| (r, "select/ignore"));
        let per_path = settings.per_path_ignores.values().flatten().map(|r| (r, "per-path-ignores"));
        if let Some((rule, key)) = named.chain(per_path).find(|(r, _)| !suppress::is_rule(r)) {
            return Err(format!("unknown rule {rule:?} in {key} (rules: {})", rule_ids().join(", ")));
        }
        let excludes = glob_set(&settings.exclude)?;
        let per_path = settings
            .per_path_ignores
            .iter()
            .map(|(glob, rules)| Ok((glob_set(std::slice::from_ref(glob))?, rules.clone())))
            .collect::<Result<_, String>>()?;
        Ok(Config { file, settings, root: root.to_path_buf(), excludes, per_path })
    }

    /// Whether `path` matches an `exclude` glob.
    pub fn excluded(&self, path: &Path) -> bool {
        self.matches(&self.excludes, path)
    }

    /// The rules switched off for `path`.
    pub fn disabled(&self, path: &Path) -> Vec<String> {
        let selected = |id: &str| self.settings.select.as_ref().is_none_or(|s| s.iter().any(|r| r == id));
        let mut off: Vec<String> =
            rule_ids().into_iter().filter(|id| !selected(id)).map(String::from).collect();
        off.extend(self.settings.ignore.iter().cloned());
        for (globs, rules) in &self.per_path {
            if self.matches(globs, path) {
                off.extend(rules.iter().cloned());
            }
        }
        off.sort();
        off.dedup();
        off
    }

    /// Matches the path relative to the root, and each of its parent directories.
    fn matches(&self, globs: &GlobSet, path: &Path) -> bool {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        relative.ancestors().filter(|p| !p.as_os_str().is_empty()).any(|p| globs.is_match(p))
    }

    /// The effective settings as TOML, `select` spelled out.
    pub fn describe(&self) -> String {
        let mut settings = self.settings.clone();
        settings.select.get_or_insert_with(|| rule_ids().into_iter().map(String::from).collect());
        let from = self
            .file
            .as_ref()
            .map_or("defaults (no configuration file)".to_string(), |f| f.display().to_string());
        let body = toml::to_string(&settings).expect("settings serialize");
        format!("# from {from}\n{body}")
    }
}

/// Every rule id a configuration may name.
fn rule_ids() -> Vec<&'static str> {
    rules::RULES.iter().map(|r| r.id).chain([suppress::UNUSED_IGNORE]).collect()
}

/// Compiles globs; one without `/` matches at any depth.
fn glob_set(globs: &[String]) -> Result<GlobSet, String> {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        let pattern =
            if glob.contains('/') { glob.trim_start_matches("./").to_string() } else { format!("**/{glob}") };
        let compiled: Glob = GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("bad glob {glob:?}: {e}"))?;
        set.add(compiled);
    }
    set.build().map_err(|e| e.to_string())
}

/// Where each file's configuration comes from for one run.
pub enum Source {
    /// Look upward from each file.
    Discover,
    /// `--config FILE`.
    File(PathBuf),
    /// `--isolated`: the defaults.
    Isolated,
}

/// Finds and caches the configuration of each directory.
pub struct Lookup {
    source: Source,
    fixed: Option<Arc<Config>>,
    by_dir: HashMap<PathBuf, Arc<Config>>,
}

impl Lookup {
    pub fn new(source: Source, cwd: &Path) -> Result<Lookup, String> {
        let fixed = match &source {
            Source::Discover => None,
            Source::File(file) => Some(Arc::new(Config::load(&cwd.join(file))?)),
            Source::Isolated => Some(Arc::new(Config::defaults(cwd))),
        };
        Ok(Lookup { source, fixed, by_dir: HashMap::new() })
    }

    /// The configuration that applies to `file` (an absolute path).
    pub fn for_file(&mut self, file: &Path) -> Result<Arc<Config>, String> {
        if let Some(config) = &self.fixed {
            return Ok(config.clone());
        }
        debug_assert!(matches!(self.source, Source::Discover));
        let dir = file.parent().unwrap_or(Path::new("/"));
        self.for_dir(dir)
    }

    fn for_dir(&mut self, dir: &Path) -> Result<Arc<Config>, String> {
        if let Some(config) = self.by_dir.get(dir) {
            return Ok(config.clone());
        }
        let found = FILE_NAMES.iter().map(|name| dir.join(name)).find(|p| p.is_file());
        let config = match (found, dir.parent()) {
            (Some(file), _) => Arc::new(Config::load(&file)?),
            (None, Some(parent)) => self.for_dir(parent)?,
            (None, None) => Arc::new(Config::defaults(dir)),
        };
        self.by_dir.insert(dir.to_path_buf(), config.clone());
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<Config, String> {
        let settings: Settings = toml::from_str(text).map_err(|e| e.message().to_string())?;
        Config::compile(None, Path::new("/p"), settings)
    }

    #[test]
    fn globs_match_relative_paths_and_directories() {
        let c = config("exclude = [\"vendor\", \"gen/*.go\", \"*_test.go\"]").unwrap();
        assert!(c.excluded(Path::new("/p/a/vendor/x/y.go")));
        assert!(c.excluded(Path::new("/p/gen/y.go")));
        assert!(!c.excluded(Path::new("/p/gen/sub/y.go")));
        assert!(c.excluded(Path::new("/p/a/b_test.go")));
        assert!(!c.excluded(Path::new("/p/a/b.go")));
    }

    #[test]
    fn select_ignore_and_per_path_ignores_switch_rules_off() {
        let c =
            config("select = [\"abandoned-sender\", \"unused-ignore\"]\n[per-path-ignores]\n\"old/**\" = [\"unused-ignore\"]\n")
                .unwrap();
        let others = ["abandoned-producer", "close-while-sending", "double-send", "unclosed-range"];
        assert_eq!(c.disabled(Path::new("/p/a.go")), others);
        let mut old = others.to_vec();
        old.push("unused-ignore");
        assert_eq!(c.disabled(Path::new("/p/old/a.go")), old);
    }

    #[test]
    fn unknown_keys_and_rules_are_errors() {
        assert!(config("exlude = []").unwrap_err().contains("exlude"));
        assert!(config("ignore = [\"nope\"]").unwrap_err().contains("\"nope\""));
    }
}
