//! `ideagraph coverage`: how much of each source text the graph quotes, and the names in
//! it no node is called ([`crate::io::coverage`]), to find the facts a curator has not
//! taken in yet. One row per text (sources that share a text, an article and a reader's
//! comment on it, are counted together); `--list` adds each text's sentences that back
//! no quote (file:line) and its unmatched names.
//!
//! # Exit codes
//! 0 (a report, whatever it finds; a text that cannot be read is named in its row);
//! 2 a graph file that cannot be read or parsed, as `check`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{emit, parse_named, stdout_failed};
use crate::io::coverage::{SourceCoverage, coverage};
use crate::io::quotes::read_source_text;
use crate::model::{Document, Source};

/// `ideagraph coverage`: its arguments.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// The graph file (default: the bundled graph.ron).
    pub file: Option<PathBuf>,
    /// Folder of source texts (each source's `file` is read from it).
    #[arg(long)]
    pub sources: PathBuf,
    /// Also list each source's sentences that back no quote and its unmatched names.
    #[arg(long)]
    pub list: bool,
}

/// Runs `ideagraph coverage`.
pub fn run(args: &CoverageArgs) -> ExitCode {
    let (parsed, name) = match parse_named(args.file.as_deref()) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    let doc = parsed.document;
    let rows: Vec<Row> = texts(&doc)
        .into_iter()
        .map(|(first, ids)| {
            let read = read_source_text(first, &args.sources).map(|text| {
                let c = coverage(&doc, &ids, &text);
                (text, c)
            });
            Row {
                file: first.file.clone(),
                sources: ids.join(", "),
                read,
            }
        })
        .collect();
    match emit(&render(&name, &rows, args.list)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => stdout_failed(&e),
    }
}

/// Each text of the graph's sources, in the order first cited: its first source and the
/// ids of every source on it.
fn texts(doc: &Document) -> Vec<(&Source, Vec<&str>)> {
    let mut out: Vec<(&Source, Vec<&str>)> = Vec::new();
    for s in &doc.sources {
        match out.iter_mut().find(|(first, _)| first.file == s.file) {
            Some((_, ids)) => ids.push(&s.id),
            None => out.push((s, vec![&s.id])),
        }
    }
    out
}

/// One text: its file, its sources, and what it holds (or why it could not be read).
struct Row {
    file: String,
    sources: String,
    read: Result<(String, SourceCoverage), String>,
}

/// The report: the table, then with `list` each text's details.
fn render(name: &str, rows: &[Row], list: bool) -> String {
    let mut out = summary(name, rows);
    if list {
        for row in rows {
            if let Ok((text, c)) = &row.read {
                details(&mut out, row, text, c);
            }
        }
    }
    out
}

/// The table: one row per text, then the totals.
fn summary(name: &str, rows: &[Row]) -> String {
    let width = rows.iter().map(|r| r.file.len()).max().unwrap_or(4).max(4);
    let mut out = format!("{name}: how much of each source text the graph quotes\n\n");
    let _ = writeln!(
        out,
        "{:width$}  {:>9}  {:>6}  {:>6}  {:>9}  sources",
        "text", "sentences", "backed", "share", "new names"
    );
    let (mut total, mut backed) = (0, 0);
    for row in rows {
        match &row.read {
            Ok((_, c)) => {
                total += c.sentences.len();
                backed += c.backed_count();
                let _ = writeln!(
                    out,
                    "{:width$}  {:>9}  {:>6}  {:>5.0}%  {:>9}  {}",
                    row.file,
                    c.sentences.len(),
                    c.backed_count(),
                    c.share() * 100.0,
                    c.unmatched.len(),
                    row.sources
                );
            }
            Err(why) => {
                let _ = writeln!(out, "{:width$}  not read: {why}", row.file);
            }
        }
    }
    let share = if total == 0 {
        100.0
    } else {
        backed as f64 * 100.0 / total as f64
    };
    let _ = writeln!(
        out,
        "{:width$}  {total:>9}  {backed:>6}  {share:>5.0}%",
        "all"
    );
    out
}

/// One text's sentences that back no quote, by line, and its unmatched names.
fn details(out: &mut String, row: &Row, text: &str, c: &SourceCoverage) {
    let _ = writeln!(out, "\n== {} ({})", row.file, row.sources);
    let _ = writeln!(out, "sentences that back no quote:");
    for r in c.unbacked() {
        let line = text.get(..r.start).map_or(0, |t| t.matches('\n').count()) + 1;
        let sentence = text.get(r.clone()).unwrap_or_default();
        let _ = writeln!(out, "  {}:{line}: {}", row.file, one_line(sentence));
    }
    let _ = writeln!(out, "names no node is called:");
    for (name, n) in &c.unmatched {
        let _ = writeln!(out, "  {name} ({n})");
    }
}

/// A sentence on one line, white space folded.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
