//! Curation from the command line, for batch work and scripts: `fmt` rewrites a graph
//! file in the canonical form ([`crate::io::canonical`]); `add-edge` and `add-node` add
//! a sourced fact. Both go through [`KnowledgeGraph::apply`], so a fact is checked by
//! the same rules as `ideagraph check`, and are saved by [`save::save_text`]: written
//! atomically, canonical, the previous version kept as `FILE.bak`. A refused command
//! writes nothing. `fmt` needs only a file that parses: it lays out a graph whatever
//! `check` finds in it.
//!
//! # Exit codes
//! 0 done; 1 refused (a name, relation, date or quote that does not hold up, a fact
//! that breaks a rule, a file not in canonical form for `fmt --check`); 2 a file that
//! cannot be read or parsed, as `check`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{CliError, emit, resolve_node};
use crate::io::quotes::{self, QuoteMatch};
use crate::io::{self, InputFormat, IoError, ron_format, save, voice};
use crate::model::{
    Basis, Dated, Edge, Edit, Evidence, Kind, KnowledgeGraph, Modality, Node, PartialDate,
    Relation, SubKind, Voice, shown,
};

/// The file `fmt` rewrites when none is named: the knowledge base in the current folder.
pub const DEFAULT_FILE: &str = "graph.ron";

/// Exit code for a file that cannot be read or parsed (as `check`).
const UNREADABLE: u8 = 2;

/// Exit code for a refused command.
const REFUSED: u8 = 1;

/// `ideagraph fmt`: its arguments.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The graph file (default: graph.ron in the current folder).
    pub file: Option<PathBuf>,
    /// Write nothing: exit 0 if the file is canonical, else 1 naming the first line that differs.
    #[arg(long)]
    pub check: bool,
}

/// The quote a new fact rests on, and its date: shared by `add-edge` and `add-node`.
#[derive(Debug, Args)]
pub struct Quoted {
    /// Id of the source quoted (one of the graph's sources).
    #[arg(long)]
    pub source: String,
    /// The words, copied exactly from the source.
    #[arg(long)]
    pub quote: String,
    /// When: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    pub date: Option<String>,
    /// How the date is known: `stated` (the default) or `inferred:WHY`.
    #[arg(long, requires = "date")]
    pub basis: Option<String>,
    /// Whose words: `own` (the subject's own) or `reported` (the author's). Default: what
    /// the source's text reads with `--sources` (quotation marks naming the subject, or
    /// the subject's own text), else `reported`.
    #[arg(long, value_parser = ["own", "reported"])]
    pub voice: Option<String>,
    /// `stated` or `expected` (a forecast or the author's hedge). Default: what the
    /// source's text reads with `--sources`, else `stated`.
    #[arg(long, value_parser = ["stated", "expected"])]
    pub modality: Option<String>,
    /// Folder of source texts: refuse the quote unless it is found word for word in its source's file.
    #[arg(long)]
    pub sources: Option<PathBuf>,
}

/// `ideagraph add-edge`: its arguments.
#[derive(Debug, Args)]
pub struct AddEdgeArgs {
    /// The graph file (RON) to add to.
    pub file: PathBuf,
    /// The node the relation reads from: an id, a label or an alias.
    #[arg(long)]
    pub from: String,
    /// The node the relation reads to: an id, a label or an alias.
    #[arg(long)]
    pub to: String,
    /// The relation, by the name `stats` prints (e.g. advocates, contributed_to; any case).
    #[arg(long)]
    pub relation: String,
    /// A short note in your own words, e.g. what an inference rests on.
    #[arg(long)]
    pub note: Option<String>,
    /// The quote and date.
    #[command(flatten)]
    pub quoted: Quoted,
}

/// `ideagraph add-node`: its arguments.
#[derive(Debug, Args)]
pub struct AddNodeArgs {
    /// The graph file (RON) to add to.
    pub file: PathBuf,
    /// person, organisation, publication, concept or event.
    #[arg(long)]
    pub kind: String,
    /// The name to show.
    #[arg(long)]
    pub label: String,
    /// A finer classification that fits the kind, e.g. politician, "think tank".
    #[arg(long)]
    pub sub_kind: Option<String>,
    /// Another name the sources use (repeat for more).
    #[arg(long = "alias")]
    pub aliases: Vec<String>,
    /// One or two sentences in your own words.
    #[arg(long)]
    pub description: Option<String>,
    /// The id (kebab-case; default: made from the label, unique).
    #[arg(long)]
    pub id: Option<String>,
    /// The quote and date.
    #[command(flatten)]
    pub quoted: Quoted,
}

/// Why a command stopped: the message and the exit code.
#[derive(Debug)]
struct Stop {
    message: String,
    code: u8,
}

impl Stop {
    fn refused(message: impl Into<String>) -> Self {
        Stop {
            message: message.into(),
            code: REFUSED,
        }
    }

    fn unreadable(e: &IoError) -> Self {
        Stop {
            message: e.to_string(),
            code: UNREADABLE,
        }
    }

    /// Reports the message on standard error and gives the exit code.
    fn exit(self) -> ExitCode {
        let _ = writeln!(std::io::stderr().lock(), "error: {}", self.message);
        ExitCode::from(self.code)
    }
}

/// What a command prints on success, or why it stopped, as the exit code.
fn finish(result: Result<String, Stop>) -> ExitCode {
    match result.and_then(|text| {
        emit(&text).or_else(|e| match CliError::from(e) {
            CliError::ClosedPipe => Ok(()),
            CliError::Message(m) => Err(Stop::refused(m)),
        })
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(stop) => stop.exit(),
    }
}

/// Runs `ideagraph fmt`.
pub fn fmt(args: &FmtArgs) -> ExitCode {
    let path = args
        .file
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_FILE));
    finish(format_file(&path, args.check))
}

/// Rewrites `path` in canonical form, or with `check` only says whether it is.
fn format_file(path: &Path, check: bool) -> Result<String, Stop> {
    let shown_path = path.display().to_string();
    let text = read_ron(path)?;
    let doc = ron_format::parse_document(&text, &shown_path).map_err(|e| Stop::unreadable(&e))?;
    let canonical = ron_format::to_string(&doc).map_err(|e| Stop::refused(e.to_string()))?;
    if check {
        return match first_difference(&text, &canonical) {
            None => Ok(format!("{shown_path}: canonical\n")),
            Some(d) => Err(Stop::refused(format!(
                "{shown_path}:{}: not in canonical form (run `ideagraph fmt {shown_path}`)\n  expected: {}\n  found:    {}",
                d.line, d.expected, d.found
            ))),
        };
    }
    if text == canonical {
        return Ok(format!(
            "{shown_path}: already canonical; nothing written\n"
        ));
    }
    // Never replace a file with text that does not read back as the same document.
    let reread = ron_format::parse_document(&canonical, &shown_path).ok();
    if reread.as_ref() != Some(&doc) {
        return Err(Stop::refused(format!(
            "the canonical form of {shown_path} would not read back as the same document; nothing written"
        )));
    }
    save::save_text(path, &canonical).map_err(|e| Stop::refused(e.to_string()))?;
    Ok(format!(
        "{shown_path}: rewritten in canonical form; the previous version is in {}\n",
        save::backup_path(path).display()
    ))
}

/// Reads a file that must be RON, the only format with a canonical form.
fn read_ron(path: &Path) -> Result<String, Stop> {
    if InputFormat::of(path) != InputFormat::Ron {
        return Err(Stop {
            message: format!(
                "only RON graph files are curated here; {} is in another format (convert it with `ideagraph export --format ron`)",
                path.display()
            ),
            code: UNREADABLE,
        });
    }
    io::read_text(path).map_err(|e| Stop::unreadable(&e))
}

/// The first line where a file differs from its canonical form.
#[derive(Debug, PartialEq, Eq)]
struct Difference {
    /// 1-based.
    line: usize,
    expected: String,
    found: String,
}

/// The first line where `found` differs from `expected`, each shown readably (an end of
/// file, a blank line, a missing final newline and a carriage return are named).
fn first_difference(found: &str, expected: &str) -> Option<Difference> {
    let (mut f, mut e) = (found.split_inclusive('\n'), expected.split_inclusive('\n'));
    let mut line = 0;
    loop {
        line += 1;
        match (f.next(), e.next()) {
            (None, None) => return None,
            (a, b) if a == b => {}
            (a, b) => {
                return Some(Difference {
                    line,
                    expected: visible(b),
                    found: visible(a),
                });
            }
        }
    }
}

/// A line (with its newline, if it has one) as messages show it: cut to 160
/// characters, with what cannot be seen named.
fn visible(line: Option<&str>) -> String {
    let Some(line) = line else {
        return "(end of file)".to_owned();
    };
    let (text, unended) = match line.strip_suffix('\n') {
        Some(t) => (t, ""),
        None => (line, " (no newline at the end of the file)"),
    };
    if text.is_empty() {
        return format!("(an empty line){unended}");
    }
    let (kept, more) = crate::model::cut_to(text, 160);
    // Quotes as they are written; only what cannot be seen is escaped (`\r`, `\t`).
    let shown: String = kept
        .chars()
        .map(|c| match c {
            c if c.is_control() => c.escape_debug().to_string(),
            c => c.to_string(),
        })
        .collect();
    format!("{shown}{more}{unended}")
}

/// A graph file opened for an edit: its graph, and what it held, to tell whether it
/// changed on disk before the edit is saved.
struct Opened {
    path: PathBuf,
    kg: KnowledgeGraph,
    stamp: save::FileStamp,
    /// Whether the file was in canonical form (else saving rewrites all of it).
    was_canonical: bool,
}

/// Reads and checks a graph file to edit: refused if it cannot be read (exit 2) or has
/// problems that block loading (exit 1, as the window would refuse it).
fn open(path: &Path) -> Result<Opened, Stop> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let text = read_ron(path)?;
    let shown_path = path.display().to_string();
    let kg = ron_format::load_valid(&text, &shown_path).map_err(|e| match e {
        IoError::Invalid { .. } => {
            Stop::refused(format!("{e}; run `ideagraph check {shown_path}`"))
        }
        other => Stop::unreadable(&other),
    })?;
    let was_canonical = ron_format::to_string(&kg.to_document()).is_ok_and(|c| c == text);
    Ok(Opened {
        path: path.to_path_buf(),
        stamp: save::FileStamp::of_bytes(text.as_bytes(), modified),
        kg,
        was_canonical,
    })
}

impl Opened {
    /// Applies `edit` (checked as `check` checks) and saves, unless the file changed on
    /// disk since it was read. Returns the document saved, to name what was added.
    fn apply_and_save(&mut self, edit: Edit) -> Result<crate::model::Document, Stop> {
        self.kg
            .apply(edit)
            .map_err(|e| Stop::refused(format!("{e}; nothing written")))?;
        if self.stamp.changed_on_disk(&self.path) {
            return Err(Stop::refused(format!(
                "{} changed on disk while this command ran; nothing written",
                self.path.display()
            )));
        }
        let doc = self.kg.to_document();
        save::save_document(&self.path, &doc).map_err(|e| Stop::refused(e.to_string()))?;
        if !self.was_canonical {
            let _ = writeln!(
                std::io::stderr().lock(),
                "note: {} was not in canonical form, so all of it was rewritten; the previous version is in {}",
                self.path.display(),
                save::backup_path(&self.path).display()
            );
        }
        Ok(doc)
    }
}

/// Runs `ideagraph add-edge`.
pub fn add_edge(args: &AddEdgeArgs) -> ExitCode {
    finish(add_edge_to_file(args))
}

fn add_edge_to_file(args: &AddEdgeArgs) -> Result<String, Stop> {
    let mut opened = open(&args.file)?;
    let kg = &opened.kg;
    let from = resolve_unique(kg, &args.from)?;
    let to = resolve_unique(kg, &args.to)?;
    let relation = Relation::from_name(&args.relation).ok_or_else(|| {
        Stop::refused(format!(
            "unknown relation {}; expected one of: {}",
            shown(&args.relation),
            Relation::ALL.map(Relation::name).join(", ")
        ))
    })?;
    let subject = kg.node(&from).cloned();
    let evidence = checked_evidence(kg, &args.quoted, subject.as_ref())?;
    let label = |id: &str| {
        kg.node(id)
            .map_or_else(|| id.to_owned(), |n| n.label.clone())
    };
    let (from_label, to_label) = (label(&from), label(&to));
    let edge = Edge {
        date: dated(&args.quoted)?,
        evidence: vec![evidence.clone()],
        note: args.note.clone(),
        ..Edge::new(from, to, relation)
    };
    let doc = opened.apply_and_save(Edit::AddEdge(edge.clone()))?;
    let number = doc
        .edges
        .iter()
        .rposition(|e| *e == edge)
        .map_or(doc.edges.len(), |i| i + 1);
    Ok(format!(
        "added: {from_label} {} {to_label} (edge #{number}), quoting {}: \u{ab}{}\u{bb} ({})\n",
        relation.verb(),
        evidence.source,
        evidence.quote,
        crate::query::paths::statement(&evidence)
    ))
}

/// Runs `ideagraph add-node`.
pub fn add_node(args: &AddNodeArgs) -> ExitCode {
    finish(add_node_to_file(args))
}

fn add_node_to_file(args: &AddNodeArgs) -> Result<String, Stop> {
    let mut opened = open(&args.file)?;
    let kg = &opened.kg;
    let kind = Kind::from_name(&args.kind).ok_or_else(|| {
        Stop::refused(format!(
            "unknown kind {}; expected one of: {}",
            shown(&args.kind),
            Kind::ALL.map(Kind::name).join(", ")
        ))
    })?;
    let sub_kind = match &args.sub_kind {
        Some(s) => Some(parse_sub_kind(s, kind)?),
        None => None,
    };
    let id = match &args.id {
        Some(id) => id.clone(),
        None => unique_id(kg, &kebab_id(&args.label)),
    };
    let subject = Node::new(id.clone(), args.label.clone(), kind);
    let evidence = checked_evidence(kg, &args.quoted, Some(&subject))?;
    let node = Node {
        sub_kind,
        aliases: args.aliases.clone(),
        description: args.description.clone().unwrap_or_default(),
        date: dated(&args.quoted)?,
        evidence: vec![evidence.clone()],
        ..Node::new(id.clone(), args.label.clone(), kind)
    };
    opened.apply_and_save(Edit::AddNode(node))?;
    Ok(format!(
        "added: node {} ({}, id {id}), quoting {}: \u{ab}{}\u{bb} ({})\n",
        args.label,
        kind.name(),
        evidence.source,
        evidence.quote,
        crate::query::paths::statement(&evidence)
    ))
}

/// The evidence the flags give, its source known to the graph and, with `--sources`,
/// its quote found word for word in the source's text; its voice and modality as the
/// flags say, else as the text reads for `subject` ([`voice::SourceText::read`]).
fn checked_evidence(
    kg: &KnowledgeGraph,
    q: &Quoted,
    subject: Option<&Node>,
) -> Result<Evidence, Stop> {
    let Some(source) = kg.source(q.source.trim()) else {
        let ids: Vec<&str> = kg.sources.iter().map(|s| s.id.as_str()).collect();
        return Err(Stop::refused(format!(
            "unknown source {}; the graph's sources are: {}",
            shown(&q.source),
            ids.join(", ")
        )));
    };
    if let Some(dir) = &q.sources {
        let text = quotes::read_source_text(source, dir)
            .map_err(|why| Stop::refused(format!("cannot check the quote: {why}")))?;
        if let QuoteMatch::Missing { nearest } = quotes::match_quote(&text, &q.quote) {
            return Err(Stop::refused(format!(
                "the quote is not word for word in source {}; nothing written\n  quote:   \u{ab}{}\u{bb}\n  nearest: \u{ab}{nearest}\u{bb}",
                source.id, q.quote
            )));
        }
    }
    let mut ev = Evidence::new(source.id.clone(), q.quote.clone());
    if let (Some(dir), Some(subject)) = (&q.sources, subject)
        && let Ok(text) = quotes::read_source_text(source, dir)
    {
        let doc = kg.to_document();
        let reading = voice::SourceText::new(&doc, &source.id, &text)
            .and_then(|st| st.read(subject, &q.quote));
        if let Some(r) = reading {
            ev = ev.with(r.voice, r.modality);
        }
    }
    if let Some(v) = q.voice.as_deref().and_then(Voice::from_name) {
        ev.voice = v;
    }
    if let Some(m) = q.modality.as_deref().and_then(Modality::from_name) {
        ev.modality = m;
    }
    Ok(ev)
}

/// The date the flags give, with its basis (stated unless `--basis inferred:WHY`).
fn dated(q: &Quoted) -> Result<Option<Dated>, Stop> {
    let Some(text) = &q.date else {
        return Ok(None);
    };
    let date: PartialDate = text.parse().map_err(Stop::refused)?;
    if let Some(why) = date.range_error() {
        return Err(Stop::refused(format!(
            "invalid date {}: {why}",
            shown(text)
        )));
    }
    let basis = match &q.basis {
        None => Basis::Stated,
        Some(b) => parse_basis(b)?,
    };
    Ok(Some(Dated { date, basis }))
}

/// `stated`, or `inferred:WHY` (any case, a non-empty reason).
fn parse_basis(text: &str) -> Result<Basis, Stop> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("stated") {
        return Ok(Basis::Stated);
    }
    let why = t
        .split_once(':')
        .filter(|(head, _)| head.trim().eq_ignore_ascii_case("inferred"))
        .map(|(_, why)| why.trim());
    match why {
        Some(why) if !why.is_empty() => Ok(Basis::Inferred(why.to_owned())),
        Some(_) => Err(Stop::refused(
            "an inferred date needs its reason: --basis inferred:\"what it is inferred from\"",
        )),
        None => Err(Stop::refused(format!(
            "unknown basis {}; expected stated or inferred:\"why\"",
            shown(text)
        ))),
    }
}

/// The id of the node `name` names: its id, else the one node whose label is `name`
/// (any case), else the one node with `name` as an alias. Several nodes with the same
/// label (or, with none, the same alias) are refused, listing them.
fn resolve_unique(kg: &KnowledgeGraph, name: &str) -> Result<String, Stop> {
    let name = name.trim();
    if kg.node(name).is_some() {
        return Ok(name.to_owned());
    }
    let want = name.to_lowercase();
    let nodes = || kg.graph().node_weights();
    let by_label: Vec<&Node> = nodes().filter(|n| n.label.to_lowercase() == want).collect();
    let hits = if by_label.is_empty() {
        nodes()
            .filter(|n| n.aliases.iter().any(|a| a.to_lowercase() == want))
            .collect()
    } else {
        by_label
    };
    match hits.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(Stop::refused(match resolve_node(kg, name) {
            Err(CliError::Message(m)) => m,
            _ => format!("no node named {}", shown(name)),
        })),
        many => {
            let mut each: Vec<String> = many
                .iter()
                .map(|n| format!("{} (id {})", n.label, n.id))
                .collect();
            each.sort();
            Err(Stop::refused(format!(
                "{} names {} nodes; give one of their ids: {}",
                shown(name),
                many.len(),
                each.join(", ")
            )))
        }
    }
}

/// The sub-kind `text` names, by its name (`think tank`) or variant (`ThinkTank`), in any
/// case and with spaces, hyphens or underscores; unknown, it is refused listing the
/// sub-kinds that fit `kind`.
fn parse_sub_kind(text: &str, kind: Kind) -> Result<SubKind, Stop> {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase()
    };
    let want = squash(text);
    let all = SubKind::ALL;
    if let Some(&hit) = all.iter().find(|s| squash(s.name()) == want) {
        return Ok(hit);
    }
    let fitting: Vec<&str> = all
        .iter()
        .filter(|s| s.kinds().contains(&kind))
        .map(|s| s.name())
        .collect();
    Err(Stop::refused(format!(
        "unknown sub-kind {}; for a {} it is one of: {}",
        shown(text),
        kind.name(),
        fitting.join(", ")
    )))
}

/// The longest id made from a label, in characters.
const MAX_MADE_ID_CHARS: usize = 64;

/// A kebab-case id made from a label: letters and digits lower-cased (common accented
/// Latin letters without their accents), everything else one hyphen; `node` if nothing
/// is left.
fn kebab_id(label: &str) -> String {
    let mut id = String::new();
    for c in label.chars() {
        match plain_letters(c) {
            Some(s) => id.push_str(s),
            None if c.is_ascii_alphanumeric() => id.push(c.to_ascii_lowercase()),
            None if !id.ends_with('-') => id.push('-'),
            None => {}
        }
        if id.len() >= MAX_MADE_ID_CHARS {
            break;
        }
    }
    let id = id.trim_matches('-');
    if id.is_empty() {
        "node".to_owned()
    } else {
        id.to_owned()
    }
}

/// The ASCII letters of an accented Latin letter, e.g. `é` → `e`, `ß` → `ss`.
fn plain_letters(c: char) -> Option<&'static str> {
    let plain = match c.to_lowercase().next()? {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
        'ý' | 'ÿ' => "y",
        'ś' | 'š' => "s",
        'ź' | 'ż' | 'ž' => "z",
        'ł' => "l",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    };
    Some(plain)
}

/// `id`, or `id-2`, `id-3`... the first no node has.
fn unique_id(kg: &KnowledgeGraph, id: &str) -> String {
    if kg.node(id).is_none() {
        return id.to_owned();
    }
    // Among n nodes one of the first n + 1 suffixes is free.
    (2..=kg.num_nodes() + 2)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| kg.node(candidate).is_none())
        .unwrap_or_else(|| format!("{id}-{}", kg.num_nodes() + 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_kebab_case_from_labels() {
        assert_eq!(kebab_id("Liz Kendall"), "liz-kendall");
        assert_eq!(
            kebab_id("  Labour's \"relational state\"!  "),
            "labour-s-relational-state"
        );
        assert_eq!(kebab_id("Ségolène Royal"), "segolene-royal");
        assert_eq!(kebab_id("Straße 2015"), "strasse-2015");
        assert_eq!(kebab_id("…"), "node");
        assert!(kebab_id(&"word ".repeat(100)).len() <= MAX_MADE_ID_CHARS);
        assert!(crate::model::is_kebab_id(&kebab_id(&"word ".repeat(100))));
    }

    #[test]
    fn a_file_changed_on_disk_after_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("g.ron");
        let doc = crate::model::Document {
            nodes: vec![Node::new("a", "A", Kind::Person)],
            ..Default::default()
        };
        save::save_document(&path, &doc).expect("save");
        let mut opened = open(&path).expect("opens");
        assert!(opened.was_canonical);
        // Someone else saves in between (a `git pull`, another editor).
        let theirs = crate::model::Document {
            title: "theirs".into(),
            ..doc
        };
        let their_text = ron_format::to_string(&theirs).expect("writes");
        std::fs::write(&path, &their_text).expect("write");
        let edit = Edit::AddNode(Node::new("b", "B", Kind::Concept));
        let Err(stop) = opened.apply_and_save(edit) else {
            panic!("saved over a changed file")
        };
        assert!(stop.message.contains("changed on disk"), "{}", stop.message);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), their_text);
    }

    #[test]
    fn a_taken_id_gets_the_next_free_suffix() {
        let mut doc = crate::model::Document::default();
        for id in ["a", "a-2"] {
            doc.nodes.push(Node::new(id, id, Kind::Person));
        }
        let kg = KnowledgeGraph::from_document(doc);
        assert_eq!(unique_id(&kg, "b"), "b");
        assert_eq!(unique_id(&kg, "a"), "a-3");
    }

    #[test]
    fn every_sub_kind_is_known_by_its_name() {
        for s in &SubKind::ALL {
            assert_eq!(parse_sub_kind(s.name(), Kind::Person).ok(), Some(*s));
        }
        assert_eq!(
            parse_sub_kind("ThinkTank", Kind::Organisation).ok(),
            Some(SubKind::ThinkTank)
        );
        let Err(stop) = parse_sub_kind("wizard", Kind::Event) else {
            panic!("a wizard is no sub-kind")
        };
        assert!(
            stop.message.contains("leadership election"),
            "{}",
            stop.message
        );
        assert!(!stop.message.contains("politician"), "{}", stop.message);
    }

    #[test]
    fn bases_parse() {
        assert_eq!(parse_basis("Stated").ok(), Some(Basis::Stated));
        assert_eq!(
            parse_basis("inferred: from the posts").ok(),
            Some(Basis::Inferred("from the posts".into()))
        );
        assert!(parse_basis("inferred:").is_err());
        assert!(parse_basis("guessed").is_err());
    }

    #[test]
    fn the_first_difference_is_named_readably() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        let shown = |d: Difference| (d.line, d.expected, d.found);
        let d = first_difference("a\nc \"x\"\r\n", "a\nb\n").expect("differs");
        assert_eq!(shown(d), (2, "b".into(), "c \"x\"\\r".into()));
        let d = first_difference("a", "a\n").expect("no final newline");
        assert_eq!(
            shown(d),
            (
                1,
                "a".into(),
                "a (no newline at the end of the file)".into()
            )
        );
        let d = first_difference("a\n\n", "a\n").expect("a blank line more");
        assert_eq!(
            shown(d),
            (2, "(end of file)".into(), "(an empty line)".into())
        );
    }
}
