//! Validation rules over a [`Document`]: every problem is reported, not just the first.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::date::{Basis, Dated};
use super::document::{Document, Edge, Evidence, FORMAT_VERSION, Node, Source};
use crate::limits::{MAX_ID_CHARS, MAX_LABEL_CHARS, MAX_TEXT_CHARS};

/// Which rule a [`Problem`] breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The document's version is not one this build reads.
    Version,
    /// Two nodes or two sources share an id.
    DuplicateId,
    /// An id is not kebab-case (tolerated: imported graphs have other ids).
    BadId,
    /// An id is empty, starts or ends with whitespace or holds a control character:
    /// no format could write it and read it back (CSV trims cells, XML cannot carry
    /// control characters, and an empty cell is a missing one).
    InvalidId,
    /// A string is longer than its limit (see [`crate::limits::MAX_ID_CHARS`] and
    /// the limits beside it).
    TooLong,
    /// A node or source has an empty label or title.
    EmptyLabel,
    /// A sub-kind does not fit its node's kind.
    SubKindMismatch,
    /// An edge names a node that does not exist.
    UnknownNode,
    /// An edge has no evidence.
    NoEvidence,
    /// Evidence cites a source that does not exist.
    UnknownSource,
    /// Evidence has an empty quote.
    EmptyQuote,
    /// A date is outside the accepted range.
    DateRange,
    /// A quote is not found word for word in its source file.
    QuoteNotFound,
    /// A source's file is missing or unreadable.
    SourceFile,
    /// A warning: an edge's relation does not fit the kinds of its ends.
    KindMismatch,
    /// A warning: edges resting on the same quote, some dated and some not.
    TwinDates,
    /// A warning: a faction claim has no date while the source that makes it is dated.
    UndatedFaction,
    /// A warning: a quote's voice (own words or the author's report) is not what its
    /// source's text reads (see `io::voice`).
    Voice,
    /// A warning: a quote's modality (stated or expected) is not what its sentence
    /// reads: an author's hedge on a stated fact, or an expectation with none.
    Modality,
}

impl Rule {
    /// Whether a graph breaking this rule may still be opened. Graphs made elsewhere
    /// (imports, generated test graphs) have neither kebab-case ids nor quotes behind
    /// their edges: the window opens them and shows the edges as unsourced, while
    /// `ideagraph check` still reports every such problem.
    pub fn tolerated_on_load(self) -> bool {
        matches!(self, Rule::BadId | Rule::NoEvidence)
    }

    /// A short kebab-case code shown in reports.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Version => "version",
            Rule::DuplicateId => "duplicate-id",
            Rule::BadId => "bad-id",
            Rule::InvalidId => "invalid-id",
            Rule::TooLong => "too-long",
            Rule::EmptyLabel => "empty-label",
            Rule::SubKindMismatch => "sub-kind-mismatch",
            Rule::UnknownNode => "unknown-node",
            Rule::NoEvidence => "no-evidence",
            Rule::UnknownSource => "unknown-source",
            Rule::EmptyQuote => "empty-quote",
            Rule::DateRange => "date-range",
            Rule::QuoteNotFound => "quote-not-found",
            Rule::SourceFile => "source-file",
            Rule::KindMismatch => "kind-mismatch",
            Rule::TwinDates => "twin-dates",
            Rule::UndatedFaction => "undated-faction",
            Rule::Voice => "voice",
            Rule::Modality => "modality",
        }
    }

    /// Whether this is a consistency warning ([`crate::model::consistency_warnings`]):
    /// reported by `check` without failing it.
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            Rule::KindMismatch
                | Rule::TwinDates
                | Rule::UndatedFaction
                | Rule::Voice
                | Rule::Modality
        )
    }
}

/// The record of a document a problem is about (indices from 0, in document order),
/// so that a problem can be placed at its own record in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locus {
    /// `sources[i]`.
    Source(usize),
    /// `nodes[i]`.
    Node(usize),
    /// `edges[i]`.
    Edge(usize),
}

/// One problem found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The rule broken.
    pub rule: Rule,
    /// What is wrong, naming the node, edge or source.
    pub message: String,
    /// A string to look for in the file text to place the problem (e.g. `id: "x"`);
    /// inside its record's text when it has a [`Problem::locus`].
    pub needle: Option<String>,
    /// The record the problem is about, if it is about one.
    pub locus: Option<Locus>,
    /// 1-based line and column in the file, once placed.
    pub at: Option<(usize, usize)>,
}

impl Problem {
    fn new(rule: Rule, message: String, needle: Option<String>) -> Self {
        Self {
            rule,
            message,
            needle,
            locus: None,
            at: None,
        }
    }
}

/// Longest part of an id or other user string shown in a message, in characters:
/// a message names what it is about, it does not repeat a page of it.
pub const SHOWN_CHARS: usize = 80;

/// A string as messages show it: debug-quoted, and cut to [`SHOWN_CHARS`] characters
/// with an ellipsis, so a message stays short however long the string (an absurd id
/// used to be copied into the message of every quote it owned).
pub fn shown(s: &str) -> String {
    let (kept, more) = cut(s);
    format!("{kept:?}{more}")
}

/// The first [`SHOWN_CHARS`] characters of `s`, and `"…"` if that left some out (else
/// `""`): how every message shortens a user string.
pub fn cut(s: &str) -> (&str, &'static str) {
    cut_to(s, SHOWN_CHARS)
}

/// The first `max` characters of `s`, and `"…"` if that left some out (else `""`): the
/// one way user text is shortened, in messages ([`cut`]) and in pictures.
pub fn cut_to(s: &str, max: usize) -> (&str, &'static str) {
    match s.char_indices().nth(max) {
        None => (s, ""),
        Some((at, _)) => (s.get(..at).unwrap_or(s), "…"),
    }
}

/// A needle `key: "value"` for placing a problem, unless the value is too long to be
/// worth searching for (it is then placed at its record).
fn key_needle(key: &str, value: &str) -> Option<String> {
    (value.len() <= 4 * MAX_ID_CHARS).then(|| format!("{key}: \"{value}\""))
}

/// Why an id cannot be written and read back by every format, if it cannot.
pub fn id_defect(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("is empty")
    } else if id.starts_with(char::is_whitespace) || id.ends_with(char::is_whitespace) {
        Some("starts or ends with whitespace")
    } else if id.chars().any(char::is_control) {
        Some("holds a control character (a line break, tab or the like)")
    } else {
        None
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((l, c)) = self.at {
            write!(f, "{l}:{c}: ")?;
        }
        write!(f, "[{}] {}", self.rule.code(), self.message)
    }
}

/// True for non-empty lower-case ASCII words joined by single hyphens.
pub fn is_kebab_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Checks every rule that needs only the document itself (quotes against files are
/// checked by `io::sources`). Returns the problems in document order.
///
/// # Complexity
/// O(n + e·q) for n nodes, e edges and q quotes per edge.
pub fn validate(doc: &Document) -> Vec<Problem> {
    check(doc, true)
}

impl Problem {
    /// The problems that block loading: [`validate`] without the rules a graph may
    /// break and still open (see [`Rule::tolerated_on_load`]), in the same order.
    /// What loading uses: a graph made elsewhere has a tolerated problem on almost
    /// every edge (no evidence), and describing half a million of them only to drop
    /// them took a quarter of the time of loading it.
    ///
    /// # Complexity
    /// O(n + e·q), as [`validate`].
    pub fn blocking_load(doc: &Document) -> Vec<Problem> {
        check(doc, false)
    }
}

/// The checks, with the rules tolerated on load included or not. Messages and needles
/// are written only for the problems found: a clean graph allocates nothing per node.
/// Messages show ids shortened ([`shown`]), so their size does not grow with an id.
fn check(doc: &Document, tolerated: bool) -> Vec<Problem> {
    let mut out = Vec::new();
    if doc.version != FORMAT_VERSION {
        out.push(Problem::new(
            Rule::Version,
            format!(
                "format version {} is not supported (expected {FORMAT_VERSION})",
                doc.version
            ),
            Some("version".into()),
        ));
    }
    let mut source_ids = HashSet::with_capacity(doc.sources.len());
    for (i, s) in doc.sources.iter().enumerate() {
        check_source(
            &mut out,
            s,
            &mut source_ids,
            tolerated,
            Some(Locus::Source(i)),
        );
    }
    let is_source = |id: &str| source_ids.contains(id);
    let mut node_ids: HashMap<&str, usize> = HashMap::with_capacity(doc.nodes.len());
    for (i, n) in doc.nodes.iter().enumerate() {
        let seen = node_ids.entry(n.id.as_str()).or_insert(0);
        *seen += 1;
        // Reported once, at the second node with the id, however many share it.
        let duplicate = *seen == 2;
        let mut sink = Sink {
            out: &mut out,
            locus: Some(Locus::Node(i)),
        };
        check_node(&mut sink, n, duplicate, &is_source, tolerated);
    }
    let is_node = |id: &str| node_ids.contains_key(id);
    for (i, s) in doc.sources.iter().enumerate() {
        if let Some(node) = s.node.as_deref().filter(|n| !is_node(n)) {
            let mut p = Problem::new(
                Rule::UnknownNode,
                format!(
                    "source {}: no node has id {} (its `node`)",
                    shown(&s.id),
                    shown(node)
                ),
                key_needle("node", node),
            );
            p.locus = Some(Locus::Source(i));
            out.push(p);
        }
    }
    for (i, e) in doc.edges.iter().enumerate() {
        let mut sink = Sink {
            out: &mut out,
            locus: Some(Locus::Edge(i)),
        };
        check_edge(
            &mut sink,
            e,
            &|| e.describe(i),
            &is_node,
            &is_source,
            tolerated,
        );
    }
    out
}

/// The problems [`validate`] reports for this node, as if it stood in a document whose
/// sources are those `is_source` accepts: every rule about the node on its own, the
/// tolerated ones included. Not [`Rule::DuplicateId`], which is about a document (a
/// [`super::KnowledgeGraph`] keeps its ids unique itself). The problems have no
/// [`Problem::locus`]: the node need not have a place in a document.
///
/// # Examples
///
/// ```
/// use ideagraph::model::{Kind, Node, Rule, node_problems};
///
/// let node = Node::new("alan-milburn", " ", Kind::Person);
/// let rules: Vec<Rule> = node_problems(&node, |_| true).iter().map(|p| p.rule).collect();
/// assert_eq!(rules, [Rule::EmptyLabel]);
/// ```
pub fn node_problems(node: &Node, is_source: impl Fn(&str) -> bool) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut sink = Sink {
        out: &mut out,
        locus: None,
    };
    check_node(&mut sink, node, false, &is_source, true);
    out
}

/// `file` as a path, if it is a plain relative path: not empty, not absolute, and with
/// no `..` or `.` part. A graph is data, and may name files in a sources folder only:
/// the one test of a source's `file`, for edits, `check --sources` and the reader.
pub fn plain_relative(file: &str) -> Option<&std::path::Path> {
    let path = std::path::Path::new(file);
    let plain = path
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    (plain && !file.is_empty()).then_some(path)
}

/// The problems [`validate`] reports for this source record on its own (its id, title,
/// lengths and date), the tolerated ones included; not [`Rule::DuplicateId`], which is
/// about a document. The problems have no [`Problem::locus`].
pub fn source_problems(source: &Source) -> Vec<Problem> {
    let mut out = Vec::new();
    check_source(&mut out, source, &mut HashSet::new(), true, None);
    out
}

/// The problems [`validate`] reports for this edge if it stood at `index` (from 0) in a
/// document whose node ids are those `is_node` accepts and whose sources are those
/// `is_source` accepts: every rule about the edge, the tolerated ones included. Messages
/// name the edge by `index`, as [`Edge::describe`] does; the problems have no
/// [`Problem::locus`].
pub fn edge_problems(
    edge: &Edge,
    index: usize,
    is_node: impl Fn(&str) -> bool,
    is_source: impl Fn(&str) -> bool,
) -> Vec<Problem> {
    edge_problems_as(edge, &|| edge.describe(index), is_node, is_source)
}

/// [`edge_problems`] with the edge named by `what`: a graph finds an edge's place in
/// its document only when a message needs it.
pub(super) fn edge_problems_as(
    edge: &Edge,
    what: &dyn Fn() -> String,
    is_node: impl Fn(&str) -> bool,
    is_source: impl Fn(&str) -> bool,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut sink = Sink {
        out: &mut out,
        locus: None,
    };
    check_edge(&mut sink, edge, what, &is_node, &is_source, true);
    out
}

/// Where the problems of one record go: each is tagged with the record, if it has a
/// place in a document.
struct Sink<'a> {
    out: &'a mut Vec<Problem>,
    locus: Option<Locus>,
}

impl Sink<'_> {
    fn push(&mut self, rule: Rule, message: String, needle: Option<String>) {
        self.out.push(Problem {
            locus: self.locus,
            ..Problem::new(rule, message, needle)
        });
    }

    /// A [`Rule::TooLong`] problem if `value` has more than `limit` characters.
    fn length(&mut self, what: &dyn Fn() -> String, field: &str, value: &str, limit: usize) {
        // Bytes bound characters from above: only a long string is counted.
        if value.len() > limit && value.chars().count() > limit {
            self.push(
                Rule::TooLong,
                format!(
                    "{}: {field} is {} characters long, over the limit of {limit}",
                    what(),
                    value.chars().count()
                ),
                None,
            );
        }
    }

    /// Checks an id: its limit, whether every format can carry it, and kebab-case.
    fn id(&mut self, what: &dyn Fn() -> String, id: &str, tolerated: bool) {
        self.length(what, "id", id, MAX_ID_CHARS);
        if let Some(defect) = id_defect(id) {
            self.push(
                Rule::InvalidId,
                format!(
                    "{}: id {defect}; no file format could write it and read it back",
                    what()
                ),
                key_needle("id", id),
            );
        } else if tolerated && !is_kebab_id(id) {
            self.push(
                Rule::BadId,
                format!("{}: id is not kebab-case", what()),
                key_needle("id", id),
            );
        }
    }

    fn date(&mut self, d: Option<&Dated>, what: &dyn Fn() -> String, needle: Option<String>) {
        if let Some(d) = d {
            if let Some(err) = d.date.range_error() {
                self.push(Rule::DateRange, format!("{}: {err}", what()), needle);
            }
            if let Basis::Inferred(why) = &d.basis {
                self.length(what, "the basis of its date", why, MAX_TEXT_CHARS);
            }
        }
    }

    fn attrs(
        &mut self,
        what: &dyn Fn() -> String,
        attrs: &std::collections::BTreeMap<String, String>,
    ) {
        for (k, v) in attrs {
            self.length(what, "an attribute name", k, MAX_LABEL_CHARS);
            self.length(what, "an attribute", v, MAX_TEXT_CHARS);
        }
    }

    fn evidence(
        &mut self,
        ev: &Evidence,
        is_source: &impl Fn(&str) -> bool,
        what: &dyn Fn() -> String,
    ) {
        self.length(what, "a quote", &ev.quote, MAX_TEXT_CHARS);
        if !is_source(&ev.source) {
            self.push(
                Rule::UnknownSource,
                format!(
                    "{}: evidence cites unknown source {}",
                    what(),
                    shown(&ev.source)
                ),
                key_needle("source", &ev.source),
            );
        }
        if ev.quote.trim().is_empty() {
            self.push(
                Rule::EmptyQuote,
                format!("{}: evidence has an empty quote", what()),
                key_needle("quote", &ev.quote),
            );
        }
    }
}

fn check_source<'d>(
    out: &mut Vec<Problem>,
    s: &'d Source,
    source_ids: &mut HashSet<&'d str>,
    tolerated: bool,
    locus: Option<Locus>,
) {
    let mut sink = Sink { out, locus };
    let what = || format!("source {}", shown(&s.id));
    sink.id(&what, &s.id, tolerated);
    if !source_ids.insert(s.id.as_str()) {
        sink.push(
            Rule::DuplicateId,
            format!("duplicate source id {}", shown(&s.id)),
            key_needle("id", &s.id),
        );
    }
    if s.title.trim().is_empty() {
        sink.push(
            Rule::EmptyLabel,
            format!("{} has an empty title", what()),
            key_needle("id", &s.id),
        );
    }
    sink.length(&what, "the title", &s.title, MAX_LABEL_CHARS);
    for a in s.outlet.iter().chain(&s.authors).chain([&s.file]) {
        sink.length(&what, "an outlet, author or file name", a, MAX_LABEL_CHARS);
    }
    if let Some(note) = &s.note {
        sink.length(&what, "the note", note, MAX_TEXT_CHARS);
    }
    sink.date(s.date.as_ref(), &what, key_needle("id", &s.id));
}

/// The rules about one node; `duplicate` when its id was taken by an earlier node.
fn check_node(
    sink: &mut Sink<'_>,
    n: &Node,
    duplicate: bool,
    is_source: &impl Fn(&str) -> bool,
    tolerated: bool,
) {
    let needle = || key_needle("id", &n.id);
    let what = || format!("node {}", shown(&n.id));
    sink.id(&what, &n.id, tolerated);
    if duplicate {
        sink.push(
            Rule::DuplicateId,
            format!("duplicate node id {}", shown(&n.id)),
            needle(),
        );
    }
    if n.label.trim().is_empty() {
        sink.push(
            Rule::EmptyLabel,
            format!("{} has an empty label", what()),
            needle(),
        );
    }
    sink.length(&what, "the label", &n.label, MAX_LABEL_CHARS);
    sink.length(&what, "the description", &n.description, MAX_TEXT_CHARS);
    let names = n.aliases.iter().chain(n.roles.iter().map(|r| &r.title));
    for name in names.chain(n.factions.iter().map(|f| &f.faction)) {
        sink.length(&what, "an alias, role or faction", name, MAX_LABEL_CHARS);
    }
    if let Some(sk) = n.sub_kind
        && !sk.kinds().contains(&n.kind)
    {
        sink.push(
            Rule::SubKindMismatch,
            format!(
                "{}: sub-kind {:?} does not fit kind {:?}",
                what(),
                sk,
                n.kind
            ),
            needle(),
        );
    }
    sink.date(n.date.as_ref(), &what, needle());
    let evidence = n
        .evidence
        .iter()
        .chain(n.roles.iter().map(|r| &r.evidence))
        .chain(n.factions.iter().map(|f| &f.evidence));
    for ev in evidence {
        sink.evidence(ev, is_source, &what);
    }
    for r in &n.roles {
        let role = || format!("{} role {}", what(), shown(&r.title));
        sink.date(r.when.as_ref(), &role, needle());
    }
    for f in &n.factions {
        if let Basis::Inferred(why) = &f.basis {
            sink.length(&what, "the basis of a faction", why, MAX_TEXT_CHARS);
        }
    }
    sink.attrs(&what, &n.attrs);
}

/// The rules about one edge, named in messages by `what`.
fn check_edge(
    sink: &mut Sink<'_>,
    e: &Edge,
    what: &dyn Fn() -> String,
    is_node: &impl Fn(&str) -> bool,
    is_source: &impl Fn(&str) -> bool,
    tolerated: bool,
) {
    let needle = || key_needle("from", &e.from);
    for (end, value) in [("from", &e.from), ("to", &e.to)] {
        if !is_node(value) {
            sink.push(
                Rule::UnknownNode,
                format!("{}: no node has id {}", what(), shown(value)),
                key_needle(end, value),
            );
        }
    }
    if tolerated && e.evidence.is_empty() {
        sink.push(
            Rule::NoEvidence,
            format!("{} has no evidence", what()),
            needle(),
        );
    }
    for ev in &e.evidence {
        sink.evidence(ev, is_source, what);
    }
    if let Some(note) = &e.note {
        sink.length(what, "the note", note, MAX_TEXT_CHARS);
    }
    sink.date(e.date.as_ref(), what, needle());
    sink.attrs(what, &e.attrs);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Kind, Node, Relation, Source, SubKind};

    fn doc() -> Document {
        let mut d = Document::default();
        d.sources.push(Source {
            node: None,
            id: "s".into(),
            title: "T".into(),
            outlet: None,
            authors: vec![],
            date: None,
            file: String::new(),
            note: None,
        });
        d.nodes.push(Node::new("a", "A", Kind::Person));
        d.nodes.push(Node::new("b", "B", Kind::Publication));
        let mut e = Edge::new("a", "b", Relation::Wrote);
        e.evidence.push(Evidence::new("s", "q"));
        d.edges.push(e);
        d
    }

    fn rules(d: &Document) -> Vec<Rule> {
        validate(d).into_iter().map(|p| p.rule).collect()
    }

    #[test]
    fn clean_document_has_no_problems() {
        assert_eq!(rules(&doc()), vec![]);
    }

    #[test]
    fn each_rule_fires() {
        let mut d = doc();
        d.version = 99;
        assert_eq!(rules(&d), vec![Rule::Version]);

        let mut d = doc();
        d.nodes.push(Node::new("a", "A again", Kind::Person));
        assert_eq!(rules(&d), vec![Rule::DuplicateId]);

        let mut d = doc();
        d.nodes.push(Node::new("Bad Id", "X", Kind::Person));
        assert_eq!(rules(&d), vec![Rule::BadId]);

        let mut d = doc();
        d.nodes[0].label = "  ".into();
        assert_eq!(rules(&d), vec![Rule::EmptyLabel]);

        let mut d = doc();
        d.nodes[0].sub_kind = Some(SubKind::ThinkTank);
        assert_eq!(rules(&d), vec![Rule::SubKindMismatch]);

        let mut d = doc();
        d.edges[0].to = "nowhere".into();
        assert_eq!(rules(&d), vec![Rule::UnknownNode]);

        let mut d = doc();
        d.sources[0].node = Some("nowhere".into());
        assert_eq!(
            rules(&d),
            vec![Rule::UnknownNode],
            "a source's node must exist"
        );

        let mut d = doc();
        d.edges[0].evidence.clear();
        assert_eq!(rules(&d), vec![Rule::NoEvidence]);

        let mut d = doc();
        d.edges[0].evidence[0].source = "ghost".into();
        assert_eq!(rules(&d), vec![Rule::UnknownSource]);

        let mut d = doc();
        d.edges[0].evidence[0].quote = String::new();
        assert_eq!(rules(&d), vec![Rule::EmptyQuote]);

        let mut d = doc();
        d.edges[0].date = Some(Dated {
            date: "1066".parse().expect("syntax"),
            basis: Default::default(),
        });
        assert_eq!(rules(&d), vec![Rule::DateRange]);
    }

    #[test]
    fn reports_every_problem_not_just_the_first() {
        let mut d = doc();
        d.nodes[0].label.clear();
        d.edges[0].evidence.clear();
        d.edges.push(Edge::new("x", "y", Relation::Mentions));
        let r = rules(&d);
        assert!(r.len() >= 5, "{r:?}");
    }

    #[test]
    fn blocking_load_is_validate_without_the_tolerated_rules() {
        let mut messy = doc();
        messy.version = 2;
        messy.sources.push(messy.sources[0].clone());
        messy.sources[1].id = "Bad Source".into();
        messy.sources[1].title.clear();
        messy.nodes.push(Node::new("Bad Id", " ", Kind::Person));
        messy.nodes.push(Node::new("a", "dup", Kind::Person));
        messy.nodes[1].sub_kind = Some(SubKind::ThinkTank);
        messy.nodes[1]
            .evidence
            .push(Evidence::new("ghost", String::new()));
        messy
            .edges
            .push(Edge::new("a", "nowhere", Relation::Mentions));
        messy.edges[0].date = Some(Dated {
            date: "1066".parse().expect("syntax"),
            basis: Default::default(),
        });
        for d in [doc(), messy] {
            let all = validate(&d);
            let want: Vec<Problem> = all
                .iter()
                .filter(|p| !p.rule.tolerated_on_load())
                .cloned()
                .collect();
            assert!(all.len() > want.len() || want.is_empty());
            assert_eq!(Problem::blocking_load(&d), want);
        }
    }

    #[test]
    fn per_record_checks_report_what_validate_reports_for_the_record() {
        let mut d = doc();
        d.nodes[0].label.clear();
        d.nodes[0].evidence.push(Evidence::new("ghost", " "));
        d.nodes.push(Node::new("Bad Id", "X", Kind::Person));
        d.nodes[1].sub_kind = Some(SubKind::ThinkTank);
        d.edges[0].evidence.clear();
        let mut e = Edge::new("a", "nowhere", Relation::Mentions);
        e.date = Some(Dated {
            date: "1066".parse().expect("syntax"),
            basis: Default::default(),
        });
        d.edges.push(e);
        let all = validate(&d);
        let of = |locus| -> Vec<Problem> {
            let mine = all.iter().filter(|p| p.locus == Some(locus));
            mine.map(|p| Problem {
                locus: None,
                ..p.clone()
            })
            .collect()
        };
        let is_source = |id: &str| d.sources.iter().any(|s| s.id == id);
        let is_node = |id: &str| d.nodes.iter().any(|n| n.id == id);
        for (i, n) in d.nodes.iter().enumerate() {
            assert!(!of(Locus::Node(i)).is_empty(), "node {i} has a problem");
            assert_eq!(node_problems(n, is_source), of(Locus::Node(i)));
        }
        for (i, e) in d.edges.iter().enumerate() {
            assert!(!of(Locus::Edge(i)).is_empty(), "edge {i} has a problem");
            assert_eq!(edge_problems(e, i, is_node, is_source), of(Locus::Edge(i)));
        }
    }

    #[test]
    fn ids_no_format_can_carry_block_loading() {
        for bad in ["", " a", "a ", "a\nb", "a\tb", "a\u{0}b"] {
            let mut d = doc();
            d.nodes.push(Node::new(bad, "X", Kind::Person));
            assert_eq!(rules(&d), vec![Rule::InvalidId], "{bad:?}");
            assert!(!Problem::blocking_load(&d).is_empty(), "{bad:?}");
            let mut d = doc();
            d.sources[0].id = bad.into();
            d.edges[0].evidence[0].source = bad.into();
            assert_eq!(rules(&d), vec![Rule::InvalidId], "{bad:?}");
        }
    }

    #[test]
    fn overlong_strings_block_loading_and_messages_stay_short() {
        let mut d = doc();
        let long = "a".repeat(MAX_ID_CHARS + 1);
        d.nodes[0].id = long.clone();
        d.edges[0].from = long;
        d.edges[0].evidence[0].quote = "q".repeat(MAX_TEXT_CHARS + 1);
        for _ in 0..100 {
            d.nodes[0]
                .evidence
                .push(Evidence::new("ghost", String::new()));
        }
        let problems = Problem::blocking_load(&d);
        let too_long = problems.iter().filter(|p| p.rule == Rule::TooLong).count();
        assert_eq!(too_long, 2, "{problems:?}");
        assert!(
            problems.iter().all(|p| p.message.len() < 400),
            "{problems:?}"
        );
        assert_eq!(problems[0].locus, Some(Locus::Node(0)));
    }

    #[test]
    fn kebab_ids() {
        assert!(is_kebab_id("alan-milburn"));
        assert!(is_kebab_id("ippr-2012"));
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "a_b"] {
            assert!(!is_kebab_id(bad), "{bad}");
        }
    }

    #[test]
    fn messages_cut_user_strings_one_way() {
        let long = format!("{}é-tail", "é".repeat(SHOWN_CHARS - 1));
        let kept = "é".repeat(SHOWN_CHARS - 1) + "é";
        assert_eq!(cut(&long), (kept.as_str(), "…"));
        assert_eq!(cut("short"), ("short", ""));
        assert_eq!(shown(&long), format!("{kept:?}…"));
        let e = Edge::new(long.as_str(), "b", Relation::Advocates);
        assert_eq!(e.describe(0), format!("edge #1 {kept}… -advocates-> b"));
    }
}
