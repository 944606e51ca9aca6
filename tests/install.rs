//! What an installed binary offers beyond checking: `--version` with the
//! commit, shell completions, and the license the package declares.

#[path = "support/inproc.rs"]
mod inproc;

use inproc::chanfix_in;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn version_names_the_commit_in_a_git_checkout() {
    let run = chanfix_in(root(), &["--version"], "");
    assert_eq!(run.code, 0);
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_string());
    let expected = match head {
        Some(commit) => format!("chanfix {} ({commit})\n", env!("CARGO_PKG_VERSION")),
        None => format!("chanfix {}\n", env!("CARGO_PKG_VERSION")),
    };
    assert_eq!(run.stdout, expected);
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = chanfix_in(root(), &["completions", shell], "");
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["check", "fix", "lsp", "new-from-rev"] {
            assert!(run.stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    assert_eq!(chanfix_in(root(), &["completions", "tcsh"], "").code, 2);
}

#[test]
fn the_license_file_matches_the_manifest() {
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let package = manifest["package"].as_table().unwrap();
    assert_eq!(package["license"].as_str(), Some("MIT"));
    let license = std::fs::read_to_string(root().join("LICENSE")).unwrap();
    assert!(license.starts_with("MIT License\n"));
    for key in ["description", "rust-version", "keywords", "categories"] {
        assert!(package.contains_key(key), "Cargo.toml lacks {key}");
    }
}
