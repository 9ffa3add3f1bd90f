//! `ideagraph voices`: whose words each quote is and whether it states or expects
//! ([`crate::io::voice`]): per source, how many quotes are the subject's own words and
//! how many are expectations, then every quote whose labels the rule reads otherwise.
//! `--apply` writes the rule's reading into every quote (a RON file, saved atomically
//! in canonical form with the previous version kept as FILE.bak), for a graph written
//! before voice and modality existed; a curator then reviews the changes.
//!
//! # Exit codes
//! 0 (a report, whatever it finds); 1 when `--apply` cannot save; 2 a graph file that
//! cannot be read or parsed, as `check`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{emit, parse_named, stdout_failed};
use crate::io::{ron_format, save, voice};
use crate::model::{Document, Modality, Voice};

/// `ideagraph voices`: its arguments.
#[derive(Debug, Args)]
pub struct VoicesArgs {
    /// The graph file (default: the bundled graph.ron).
    pub file: Option<PathBuf>,
    /// Folder of source texts (each source's `file` is read from it).
    #[arg(long)]
    pub sources: PathBuf,
    /// Write the rule's reading into every quote of FILE (RON only).
    #[arg(long, requires = "file")]
    pub apply: bool,
    /// Also list every quote with the rule's reading and its reason.
    #[arg(long)]
    pub list: bool,
}

/// Runs `ideagraph voices`.
pub fn run(args: &VoicesArgs) -> ExitCode {
    let (parsed, name) = match parse_named(args.file.as_deref()) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    let mut doc = parsed.document;
    let mut report = String::new();
    if args.apply {
        let Some(path) = &args.file else {
            return ExitCode::from(2);
        };
        if parsed.ron_text.is_none() {
            let _ = writeln!(
                std::io::stderr().lock(),
                "error: --apply writes RON files only; {name} is not one"
            );
            return ExitCode::from(2);
        }
        let changed = voice::relabel(&mut doc, &args.sources);
        if let Err(e) = save::save_document(path, &doc) {
            let _ = writeln!(
                std::io::stderr().lock(),
                "error: cannot save {name}: {e}; nothing written"
            );
            return ExitCode::FAILURE;
        }
        let _ = writeln!(report, "{name}: {changed} quote(s) relabelled by the rule");
    }
    report.push_str(&render(&doc, &name, &args.sources));
    if args.list {
        report.push_str(&listing(&doc, &args.sources));
    }
    match emit(&report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => stdout_failed(&e),
    }
}

/// The table of voices and modalities by source, then the disagreements, placed.
fn render(doc: &Document, name: &str, dir: &std::path::Path) -> String {
    let mut counts: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for (_, ev) in crate::io::quotes::all_evidence(doc) {
        let c = counts.entry(ev.source.as_str()).or_default();
        c[usize::from(ev.voice == Voice::Own)] += 1;
        c[2 + usize::from(ev.modality == Modality::Expected)] += 1;
    }
    let mut out = format!("{name}: whose words, and how sure\n\n");
    let _ = writeln!(
        out,
        "{:<40} {:>6} {:>9} {:>7} {:>9}",
        "source", "quotes", "own words", "stated", "expected"
    );
    for s in &doc.sources {
        let c = counts.get(s.id.as_str()).copied().unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<40} {:>6} {:>9} {:>7} {:>9}",
            s.id,
            c[0] + c[1],
            c[1],
            c[2],
            c[3]
        );
    }
    let mut warnings = voice::check_voices(doc, dir);
    if let Ok(text) = ron_format::to_string(doc) {
        ron_format::place_problems(&mut warnings, &text);
    }
    let _ = writeln!(
        out,
        "\n{} quote(s) labelled otherwise than the rule reads them",
        warnings.len()
    );
    for w in &warnings {
        let at = w.at.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default();
        let _ = writeln!(out, "{name}{at}: [{}] {}", w.rule.code(), w.message);
    }
    out
}

/// Every quote the rule reads, with what backs it and why it reads so.
fn listing(doc: &Document, dir: &std::path::Path) -> String {
    let mut out = String::from("\nevery quote, as the rule reads it\n");
    for (backs, ev, r) in voice::readings(doc, dir) {
        let hedge = r
            .hedge
            .map(|h| format!(", hedge {h:?}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} | {} | {} ({}{hedge}) | {}",
            backs.describe(),
            r.voice.label(),
            r.modality.label(),
            r.voice_why,
            ev.quote
        );
    }
    out
}
