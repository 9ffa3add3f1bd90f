//! `ideagraph coverage`: how much of each source text the graph quotes, and the names in
//! it no node is called ([`crate::io::coverage`]), to find the facts a curator has not
//! taken in yet. One row per text (sources that share a text, an article and a reader's
//! comment on it, are counted together); `--list` adds each text's sentences that back
//! no quote (file:line) and its unmatched names.
//!
//! With `--exceptions FILE` ([`crate::io::exceptions`]), sentences listed there with a
//! reason count as explained: the table adds how many each text excepts and how many it
//! still owes (unbacked and unexplained), and `--list` marks each sentence; entries that
//! explain no unbacked sentence are listed as stale.
//!
//! # Exit codes
//! 0 (a report, whatever it finds; a text that cannot be read is named in its row);
//! 1 with `--strict` when a sentence is owed or an exception is stale; 2 a graph or
//! exceptions file that cannot be read or parsed.

use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{emit, parse_named, stdout_failed};
use crate::io::coverage::{SourceCoverage, coverage};
use crate::io::exceptions::{self, Exception};
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
    /// A file of sentences that state no fact, each with its reason (see the README).
    #[arg(long)]
    pub exceptions: Option<PathBuf>,
    /// Exit 1 when a sentence backs no quote and no exception explains it, or an
    /// exception explains no such sentence.
    #[arg(long, requires = "exceptions")]
    pub strict: bool,
}

/// Runs `ideagraph coverage`.
pub fn run(args: &CoverageArgs) -> ExitCode {
    let (parsed, name) = match parse_named(args.file.as_deref()) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    let doc = parsed.document;
    let exceptions = match &args.exceptions {
        Some(path) => match read_exceptions(path) {
            Ok(e) => Some(e),
            Err(why) => {
                let _ = writeln!(std::io::stderr().lock(), "error: {why}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
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
    let report = Report {
        rows: &rows,
        exceptions: exceptions.as_deref(),
    };
    let owing = report.owing();
    match emit(&report.render(&name, args.list)) {
        Ok(()) if args.strict && owing => ExitCode::FAILURE,
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => stdout_failed(&e),
    }
}

/// The exceptions file's entries, or why it cannot be had (`FILE: line N: …`).
fn read_exceptions(path: &std::path::Path) -> Result<Vec<Exception>, String> {
    let text = crate::io::read_text(path).map_err(|e| e.to_string())?;
    exceptions::parse(&text).map_err(|why| format!("{}: {why}", path.display()))
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

/// The rows and the exceptions that explain their unbacked sentences.
struct Report<'a> {
    rows: &'a [Row],
    exceptions: Option<&'a [Exception]>,
}

/// What the exceptions say of one text: its unbacked sentences, each with the entry that
/// explains it, and its stale entries.
struct Explained<'e> {
    unbacked: Vec<(Range<usize>, Option<&'e Exception>)>,
    stale: Vec<&'e Exception>,
}

impl<'a> Report<'a> {
    /// One text's unbacked sentences, explained where the exceptions explain them.
    fn explained(&self, row: &Row, text: &str, c: &SourceCoverage) -> Explained<'a> {
        let unbacked: Vec<Range<usize>> = c.unbacked().cloned().collect();
        let (why, stale) = match self.exceptions {
            Some(ex) => exceptions::explain(ex, &row.file, text, &unbacked),
            None => (vec![None; unbacked.len()], Vec::new()),
        };
        Explained {
            unbacked: unbacked.into_iter().zip(why).collect(),
            stale,
        }
    }

    /// Whether a sentence is owed or an exception is stale (only with exceptions).
    fn owing(&self) -> bool {
        self.exceptions.is_some()
            && self.rows.iter().any(|row| {
                row.read.as_ref().is_ok_and(|(text, c)| {
                    let e = self.explained(row, text, c);
                    !e.stale.is_empty() || e.unbacked.iter().any(|(_, x)| x.is_none())
                })
            })
    }

    /// The table, then with `list` each text's details.
    fn render(&self, name: &str, list: bool) -> String {
        let mut out = self.summary(name);
        if list {
            for row in self.rows {
                if let Ok((text, c)) = &row.read {
                    self.details(&mut out, row, text, c);
                }
            }
        }
        out
    }

    /// The table: one row per text, then the totals.
    fn summary(&self, name: &str) -> String {
        let width = self
            .rows
            .iter()
            .map(|r| r.file.len())
            .max()
            .unwrap_or(4)
            .max(4);
        let mut out = format!("{name}: how much of each source text the graph quotes\n\n");
        let excepting = self.exceptions.is_some();
        let extra = if excepting {
            "  excepted      owed"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{:width$}  {:>9}  {:>6}  {:>6}{extra}  {:>9}  sources",
            "text", "sentences", "backed", "share", "new names"
        );
        let (mut total, mut backed, mut excepted, mut owed) = (0, 0, 0, 0);
        for row in self.rows {
            let Ok((text, c)) = &row.read else {
                if let Err(why) = &row.read {
                    let _ = writeln!(out, "{:width$}  not read: {why}", row.file);
                }
                continue;
            };
            total += c.sentences.len();
            backed += c.backed_count();
            let e = self.explained(row, text, c);
            let ex = e.unbacked.iter().filter(|(_, x)| x.is_some()).count();
            let (row_ex, row_owed) = (ex, e.unbacked.len() - ex);
            excepted += row_ex;
            owed += row_owed;
            let extra = if excepting {
                format!("  {row_ex:>8}  {row_owed:>8}")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{:width$}  {:>9}  {:>6}  {:>5.0}%{extra}  {:>9}  {}",
                row.file,
                c.sentences.len(),
                c.backed_count(),
                c.share() * 100.0,
                c.unmatched.len(),
                row.sources
            );
        }
        let share = if total == 0 {
            100.0
        } else {
            backed as f64 * 100.0 / total as f64
        };
        let extra = if excepting {
            format!("  {excepted:>8}  {owed:>8}")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{:width$}  {total:>9}  {backed:>6}  {share:>5.0}%{extra}",
            "all"
        );
        out
    }

    /// One text's sentences that back no quote, by line (with the reason where an
    /// exception gives one), its stale exceptions, and its unmatched names.
    fn details(&self, out: &mut String, row: &Row, text: &str, c: &SourceCoverage) {
        let _ = writeln!(out, "\n== {} ({})", row.file, row.sources);
        let _ = writeln!(out, "sentences that back no quote:");
        let e = self.explained(row, text, c);
        for (r, why) in &e.unbacked {
            let line = text.get(..r.start).map_or(0, |t| t.matches('\n').count()) + 1;
            let sentence = text.get(r.clone()).unwrap_or_default();
            let why = why
                .map(|x| format!(" [excepted: {}]", x.reason))
                .unwrap_or_default();
            let _ = writeln!(out, "  {}:{line}: {}{why}", row.file, one_line(sentence));
        }
        for x in &e.stale {
            let _ = writeln!(
                out,
                "  stale exception (exceptions line {}): {}:{} \"{}\" explains no unbacked sentence",
                x.at, x.file, x.line, x.opening
            );
        }
        let _ = writeln!(out, "names no node is called:");
        for (name, n) in &c.unmatched {
            let _ = writeln!(out, "  {name} ({n})");
        }
    }
}

/// A sentence on one line, white space folded.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
