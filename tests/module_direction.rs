//! The library's modules depend on each other in one direction, as the README's
//! architecture section says: each top-level module's code names (`crate::…`) only
//! modules below it in [`LAYERS`]. A cycle (`query` reading files through `io` while
//! `io` draws with `layout`, which uses `query`) fails here, with the file and line.
//! Comments are skipped: a doc link is not a dependency.
//!
//! Inside `ui/canvas`, `mod.rs` runs the frame and uses its children; the children
//! import each other without a cycle and nothing from `mod.rs` itself.

use std::collections::{BTreeMap, BTreeSet};
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

/// The canvas's own modules, whose imports among themselves must form no cycle.
const CANVAS: &str = "ui/canvas";

/// The first segment of every path into the canvas module named on a line of code:
/// `super::X` (not `super::super::`, which leaves the canvas), each item of a
/// `super::{X, Y::z}` group, and `crate::ui::canvas::X`. In a child of the canvas, `X`
/// is a sibling module or an item of `canvas/mod.rs` itself.
fn canvas_uses(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for prefix in ["super::", "crate::ui::canvas::"] {
        for (at, m) in code.match_indices(prefix) {
            let before = &code[..at];
            // `super::super::` and `ideagraph_super::` are not the canvas.
            if before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let rest = &code[at + m.len()..];
            if rest.starts_with("super::") {
                continue;
            }
            match rest.strip_prefix('{') {
                Some(group) => found.extend(group_heads(group)),
                None => found.push(ident(rest).to_owned()),
            }
        }
    }
    found
}

/// The leading identifier of `text`.
fn ident(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The first segment of each item of a `{…}` import group (`text` starts after the
/// opening brace), nested groups skipped.
fn group_heads(text: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let (mut depth, mut start) = (0usize, true);
    for (at, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => start = true,
            c if start && depth == 0 && !c.is_whitespace() => {
                start = false;
                heads.push(ident(&text[at..]).to_owned());
            }
            _ => {}
        }
    }
    heads
}

/// A file's code with comments removed and lines joined (an import group may span
/// several lines), up to its `#[cfg(test)]` module, whose `super` is the file itself.
fn code_of(text: &str) -> String {
    text.lines()
        .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A cycle in `deps` (module → the modules it uses), as a path that ends where it
/// starts, if there is one.
fn find_cycle(deps: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        deps: &BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut cycle = path[at..].to_vec();
            cycle.push(m.to_owned());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_owned());
        for next in deps.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(next, deps, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(m.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    deps.keys()
        .find_map(|m| visit(m, deps, &mut Vec::new(), &mut done))
}

#[test]
fn the_canvas_modules_import_each_other_without_a_cycle() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(CANVAS);
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    files.sort();
    let children: Vec<String> = files
        .iter()
        .filter_map(|f| module_of(&dir, f))
        .filter(|m| m != "mod")
        .collect();
    assert!(
        children.len() > 5,
        "only {children:?} found: is the scan broken?"
    );
    let mut deps = BTreeMap::<String, Vec<String>>::new();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let Some(module) = module_of(&dir, file).filter(|m| m != "mod") else {
            continue;
        };
        let code = code_of(&std::fs::read_to_string(file).expect("read"));
        let used = deps.entry(module.clone()).or_default();
        for head in canvas_uses(&code) {
            checked += 1;
            if children.contains(&head) {
                if head != module && !used.contains(&head) {
                    used.push(head);
                }
            } else {
                wrong.push(format!(
                    "{}: {module} uses `{head}` from canvas/mod.rs (move it to a child)",
                    file.display()
                ));
            }
        }
    }
    assert!(
        checked > 10,
        "only {checked} paths into the canvas found: is the scan broken?"
    );
    if let Some(cycle) = find_cycle(&deps) {
        wrong.push(format!("an import cycle: {}", cycle.join(" → ")));
    }
    assert!(
        wrong.is_empty(),
        "the canvas's modules should form a DAG under mod.rs:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_canvas_scan_reads_super_paths_and_groups() {
    assert_eq!(
        canvas_uses("use super::edges::{clip_segment, shorten}; let c = super::Camera::new();"),
        ["edges", "Camera"]
    );
    assert_eq!(
        canvas_uses("use super::{frame::Frame, grid::{NodeGrid, Cell}, MIN};"),
        ["frame", "grid", "MIN"]
    );
    assert_eq!(
        canvas_uses("use crate::ui::canvas::picture::Shot;"),
        ["picture"]
    );
    assert!(canvas_uses("use super::super::theme; use crate::model::Kind;").is_empty());
    assert_eq!(
        code_of("use super::a; // super::b\n#[cfg(test)]\nmod tests { use super::*; }"),
        "use super::a; "
    );
    let deps = |pairs: &[(&str, &[&str])]| {
        pairs
            .iter()
            .map(|(m, us)| {
                (
                    (*m).to_owned(),
                    us.iter().map(|u| (*u).to_owned()).collect(),
                )
            })
            .collect()
    };
    assert_eq!(
        find_cycle(&deps(&[("a", &["b"]), ("b", &["c"]), ("c", &["a"])])),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(
        find_cycle(&deps(&[("a", &["b", "c"]), ("b", &["c"]), ("c", &[])])),
        None
    );
}
