//! Validation rules over a [`Document`]: every problem is reported, not just the first.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::date::Dated;
use super::document::{Document, Evidence, FORMAT_VERSION};

/// Which rule a [`Problem`] breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The document's version is not one this build reads.
    Version,
    /// Two nodes or two sources share an id.
    DuplicateId,
    /// An id is empty or not kebab-case.
    BadId,
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
            Rule::EmptyLabel => "empty-label",
            Rule::SubKindMismatch => "sub-kind-mismatch",
            Rule::UnknownNode => "unknown-node",
            Rule::NoEvidence => "no-evidence",
            Rule::UnknownSource => "unknown-source",
            Rule::EmptyQuote => "empty-quote",
            Rule::DateRange => "date-range",
            Rule::QuoteNotFound => "quote-not-found",
            Rule::SourceFile => "source-file",
        }
    }
}

/// One problem found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The rule broken.
    pub rule: Rule,
    /// What is wrong, naming the node, edge or source.
    pub message: String,
    /// A string to look for in the file text to place the problem (e.g. `id: "x"`).
    pub needle: Option<String>,
    /// 1-based line and column in the file, once placed.
    pub at: Option<(usize, usize)>,
}

impl Problem {
    fn new(rule: Rule, message: String, needle: Option<String>) -> Self {
        Self {
            rule,
            message,
            needle,
            at: None,
        }
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
    for s in &doc.sources {
        let needle = || Some(format!("id: \"{}\"", s.id));
        if tolerated && !is_kebab_id(&s.id) {
            out.push(Problem::new(
                Rule::BadId,
                format!("source id {:?} is not kebab-case", s.id),
                needle(),
            ));
        }
        if !source_ids.insert(s.id.as_str()) {
            out.push(Problem::new(
                Rule::DuplicateId,
                format!("duplicate source id {:?}", s.id),
                needle(),
            ));
        }
        if s.title.trim().is_empty() {
            out.push(Problem::new(
                Rule::EmptyLabel,
                format!("source {:?} has an empty title", s.id),
                needle(),
            ));
        }
        check_date(
            &mut out,
            s.date.as_ref(),
            &|| format!("source {:?}", s.id),
            &needle,
        );
    }

    let mut node_ids: HashMap<&str, usize> = HashMap::with_capacity(doc.nodes.len());
    for n in &doc.nodes {
        let needle = || Some(format!("id: \"{}\"", n.id));
        let what = || format!("node {:?}", n.id);
        if tolerated && !is_kebab_id(&n.id) {
            out.push(Problem::new(
                Rule::BadId,
                format!("{}: id is not kebab-case", what()),
                needle(),
            ));
        }
        let seen = node_ids.entry(n.id.as_str()).or_insert(0);
        *seen += 1;
        if *seen == 2 {
            out.push(Problem::new(
                Rule::DuplicateId,
                format!("duplicate node id {:?}", n.id),
                needle(),
            ));
        }
        if n.label.trim().is_empty() {
            out.push(Problem::new(
                Rule::EmptyLabel,
                format!("{} has an empty label", what()),
                needle(),
            ));
        }
        if let Some(sk) = n.sub_kind
            && !sk.kinds().contains(&n.kind)
        {
            out.push(Problem::new(
                Rule::SubKindMismatch,
                format!(
                    "{}: sub-kind {:?} does not fit kind {:?}",
                    what(),
                    sk,
                    n.kind
                ),
                needle(),
            ));
        }
        check_date(&mut out, n.date.as_ref(), &what, &needle);
        let evidence = n
            .evidence
            .iter()
            .chain(n.roles.iter().map(|r| &r.evidence))
            .chain(n.factions.iter().map(|f| &f.evidence));
        for ev in evidence {
            check_evidence(&mut out, ev, &source_ids, &what);
        }
        for r in &n.roles {
            check_date(
                &mut out,
                r.when.as_ref(),
                &|| format!("{} role {:?}", what(), r.title),
                &needle,
            );
        }
    }

    for (i, e) in doc.edges.iter().enumerate() {
        let what = || e.describe(i);
        let needle = || Some(format!("from: \"{}\"", e.from));
        for end in [&e.from, &e.to] {
            if !node_ids.contains_key(end.as_str()) {
                out.push(Problem::new(
                    Rule::UnknownNode,
                    format!("{}: no node has id {end:?}", what()),
                    needle(),
                ));
            }
        }
        if tolerated && e.evidence.is_empty() {
            out.push(Problem::new(
                Rule::NoEvidence,
                format!("{} has no evidence", what()),
                needle(),
            ));
        }
        for ev in &e.evidence {
            check_evidence(&mut out, ev, &source_ids, &what);
        }
        check_date(&mut out, e.date.as_ref(), &what, &needle);
    }
    out
}

fn check_date(
    out: &mut Vec<Problem>,
    d: Option<&Dated>,
    what: &dyn Fn() -> String,
    needle: &dyn Fn() -> Option<String>,
) {
    if let Some(err) = d.and_then(|d| d.date.range_error()) {
        out.push(Problem::new(
            Rule::DateRange,
            format!("{}: {err}", what()),
            needle(),
        ));
    }
}

fn check_evidence(
    out: &mut Vec<Problem>,
    ev: &Evidence,
    sources: &HashSet<&str>,
    what: &dyn Fn() -> String,
) {
    if !sources.contains(ev.source.as_str()) {
        out.push(Problem::new(
            Rule::UnknownSource,
            format!("{}: evidence cites unknown source {:?}", what(), ev.source),
            Some(format!("source: \"{}\"", ev.source)),
        ));
    }
    if ev.quote.trim().is_empty() {
        out.push(Problem::new(
            Rule::EmptyQuote,
            format!("{}: evidence has an empty quote", what()),
            Some(ev.quote.chars().take(40).collect::<String>()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Kind, Node, Relation, Source, SubKind};

    fn doc() -> Document {
        let mut d = Document::default();
        d.sources.push(Source {
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
        e.evidence.push(Evidence {
            source: "s".into(),
            quote: "q".into(),
        });
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
        messy.nodes[1].evidence.push(Evidence {
            source: "ghost".into(),
            quote: String::new(),
        });
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
    fn kebab_ids() {
        assert!(is_kebab_id("alan-milburn"));
        assert!(is_kebab_id("ippr-2012"));
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "a_b"] {
            assert!(!is_kebab_id(bad), "{bad}");
        }
    }
}
