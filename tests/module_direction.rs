//! The library's modules depend on each other in one direction, as the README's
//! architecture section says: each top-level module's code names (`crate::…`) only
//! modules below it in [`LAYERS`]. A cycle (`query` reading files through `io` while
//! `io` draws with `layout`, which uses `query`) fails here, with the file and line.
//! Comments are skipped: a doc link is not a dependency.

use std::path::{Path, PathBuf};

/// The top-level modules from the bottom up. A module may use the ones before it.
const LAYERS: &[&str] = &[
    "limits", "rng", "model", "palette", "query", "layout", "io", "bundled", "ui", "cli",
];

/// The top-level module a source file belongs to (`src/io/gexf.rs` → `io`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_owned())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::NAME` named on a line of code (not a comment).
fn crate_uses(line: &str) -> Vec<&str> {
    let code = line.split("//").next().unwrap_or_default();
    code.match_indices("crate::")
        .filter(|(at, _)| {
            // `ideagraph_crate::` or `$crate::` are not this crate's paths.
            !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$')
        })
        .map(|(at, m)| {
            let rest = &code[at + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

#[test]
fn every_module_uses_only_the_modules_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = rank(&module) else {
            wrong.push(format!(
                "{}: module {module} is not in LAYERS",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read");
        for (i, line) in text.lines().enumerate() {
            for used in crate_uses(line) {
                checked += 1;
                match rank(used) {
                    Some(r) if r <= own => {}
                    _ => wrong.push(format!(
                        "{}:{}: {module} uses crate::{used}",
                        file.display(),
                        i + 1
                    )),
                }
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} uses found: is the scan broken?"
    );
    assert!(
        wrong.is_empty(),
        "dependencies against the direction {LAYERS:?}:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scan_reads_paths_and_skips_comments() {
    assert_eq!(
        crate_uses("use crate::io::{read_text}; let x = crate::model::Kind::Person;"),
        ["io", "model"]
    );
    assert!(crate_uses("/// See [`crate::ui::App`].").is_empty());
    assert!(crate_uses("let a = 1; // crate::ui").is_empty());
    assert!(crate_uses("$crate::x").is_empty());
}
