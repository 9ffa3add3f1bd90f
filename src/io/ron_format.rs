//! The native format: a versioned, human-editable RON document (see [`crate::model::Document`]).

use std::collections::{HashMap, HashSet};

use ron::extensions::Extensions;

use super::IoError;
use crate::model::{Document, KnowledgeGraph, Locus, Problem, validate};

fn options() -> ron::Options {
    // `implicit_some` lets a hand-written file say `date: (...)` instead of `Some((...))`.
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Parses a RON document. Syntax errors, unknown fields and unknown kinds or relations
/// are reported with line and column.
pub fn parse_document(text: &str, path: &str) -> Result<Document, IoError> {
    if text.trim().is_empty() {
        return Err(IoError::parse_at(
            "the file is empty: expected a graph document `(version: 1, ...)`",
            path,
            text,
            1,
            1,
        ));
    }
    // The fast reader vouches for what it reads; anything else, errors included, is
    // read again by `ron`, whose message the user sees.
    if let Some(doc) = super::ron_fast::parse(text) {
        return Ok(doc);
    }
    options().from_str::<Document>(text).map_err(|e| {
        let p = e.span.start;
        IoError::parse_at(e.code.to_string(), path, text, p.line.max(1), p.col.max(1))
    })
}

/// The document as the `ron` crate alone reads it, for tests of the fast reader.
#[cfg(test)]
pub(crate) fn parse_with_ron(text: &str) -> Option<Document> {
    options().from_str::<Document>(text).ok()
}

/// Parses and validates. Problems come back placed at a line and column where possible.
pub fn load(text: &str, path: &str) -> Result<(KnowledgeGraph, Vec<Problem>), IoError> {
    let doc = parse_document(text, path)?;
    let mut problems = validate(&doc);
    place_problems(&mut problems, text);
    Ok((KnowledgeGraph::from_document(doc), problems))
}

/// Like [`load`], but any problem that blocks loading (see [`crate::model::Rule::tolerated_on_load`])
/// is an [`IoError::Invalid`]: what the app uses, so a bad file never replaces a good graph.
pub fn load_valid(text: &str, path: &str) -> Result<KnowledgeGraph, IoError> {
    Ok(KnowledgeGraph::from_document(valid_document(text, path)?))
}

/// The graph of a document parsed from `text`, unless it has a problem that blocks
/// loading (placed in `text`). The text is freed before the graph is built, so loading
/// a large file never holds the text, the document and the graph at once (61 MB less
/// at the peak for a 100k-node file).
///
/// # Errors
/// [`IoError::Invalid`] with the blocking problems.
pub fn valid_graph(doc: Document, text: String, path: &str) -> Result<KnowledgeGraph, IoError> {
    let doc = refuse_blocking(doc, &text, path)?;
    drop(text);
    Ok(KnowledgeGraph::from_document(doc))
}

/// Parses, and refuses a document with a problem that blocks loading (placed).
fn valid_document(text: &str, path: &str) -> Result<Document, IoError> {
    refuse_blocking(parse_document(text, path)?, text, path)
}

/// The document, unless it has a problem that blocks loading: those are placed in
/// `text` and returned as [`IoError::Invalid`].
fn refuse_blocking(doc: Document, text: &str, path: &str) -> Result<Document, IoError> {
    let mut problems = Problem::blocking_load(&doc);
    if problems.is_empty() {
        return Ok(doc);
    }
    place_problems(&mut problems, text);
    Err(IoError::Invalid {
        path: path.to_owned(),
        problems,
    })
}

/// Sets each problem's line and column. A problem about a record (see
/// [`crate::model::Locus`]) is placed in that record's own text: at its needle if the
/// needle occurs there, else at the record's start. Other problems, and those whose
/// record is not found in the text, are placed at the first place their needle occurs
/// in the file.
///
/// # Complexity
/// One pass over the text to find where each record starts ([`record_spans`]); a
/// needle is searched for only inside its record, with at most [`SEARCH_BUDGET`] times
/// the text's length searched in all. Problems placed in no record: one pass for needles
/// of the form `key: "value"` and quote prefixes, and a search each for the rest (at
/// most [`MAX_SEARCHES`]). Then one pass to turn offsets into lines and columns.
pub fn place_problems(problems: &mut [Problem], text: &str) {
    let spans = if problems.iter().any(|p| p.locus.is_some()) {
        record_spans(text)
    } else {
        RecordSpans::default()
    };
    // Problems with no record, or whose record was not found, are placed at the first
    // place their needle occurs.
    let unplaced = |p: &&Problem| p.locus.and_then(|l| spans.span(l)).is_none();
    let first = first_needles(problems.iter().filter(unplaced), text);
    let mut budget = text.len().saturating_mul(SEARCH_BUDGET);
    let offsets: Vec<Option<usize>> = problems
        .iter()
        .map(|p| match p.locus.and_then(|l| spans.span(l)) {
            Some((start, end)) => Some(within(text, start, end, p.needle.as_deref(), &mut budget)),
            None => p.needle.as_deref().and_then(|n| first.get(n).copied()),
        })
        .collect();
    let mut sorted: Vec<usize> = offsets.iter().flatten().copied().collect();
    sorted.sort_unstable();
    sorted.dedup();
    let placed: HashMap<usize, (usize, usize)> = sorted
        .iter()
        .copied()
        .zip(super::line_cols(text, &sorted))
        .collect();
    for (p, off) in problems.iter_mut().zip(offsets) {
        p.at = off.and_then(|o| placed.get(&o)).copied();
    }
}

/// Where `needle` first occurs in `text[start..end]`, or `start`; searching spends
/// the span's length from `budget`, and an exhausted budget places at `start`.
fn within(text: &str, start: usize, end: usize, needle: Option<&str>, budget: &mut usize) -> usize {
    let Some(needle) = needle.filter(|n| !n.is_empty()) else {
        return start;
    };
    let Some(span) = text.get(start..end) else {
        return start;
    };
    if span.len() > *budget {
        return start;
    }
    *budget -= span.len();
    span.find(needle).map_or(start, |i| start + i)
}

/// How many times the text's length [`place_problems`] may search inside records in
/// all: enough for every problem of a normal file, bounded for a file with thousands
/// of problems in one huge record.
pub const SEARCH_BUDGET: usize = 8;

/// The first offset of each wanted needle of problems not placed in a record.
fn first_needles<'p>(
    problems: impl Iterator<Item = &'p Problem>,
    text: &str,
) -> HashMap<String, usize> {
    let wanted: HashSet<&str> = problems.filter_map(|p| p.needle.as_deref()).collect();
    let mut first: HashMap<String, usize> = HashMap::new();
    if wanted.is_empty() {
        return first;
    }
    for (off, _) in text.match_indices(": \"") {
        // Past the last character that cannot be in a key: by its width, since it may
        // be several bytes long (a dash or an emoji in a value).
        let key_start = text[..off]
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let value_start = off + 3;
        let rest = &text[value_start..];
        let value = &rest[..rest.find('"').unwrap_or(rest.len())];
        let full = format!("{}: \"{value}\"", &text[key_start..off]);
        if wanted.contains(full.as_str()) {
            first.entry(full).or_insert(key_start);
        }
        let prefix_end = value.char_indices().nth(40).map_or(value.len(), |(i, _)| i);
        let prefix = &value[..prefix_end];
        if wanted.contains(prefix) && !first.contains_key(prefix) {
            first.insert(prefix.to_owned(), value_start);
        }
    }
    let mut searches = 0;
    for n in wanted {
        if !first.contains_key(n) && searches < MAX_SEARCHES {
            searches += 1;
            if let Some(off) = text.find(n) {
                first.insert(n.to_owned(), off);
            }
        }
    }
    first
}

/// Needles placed by a plain search each, at most: the rest stay unplaced.
pub const MAX_SEARCHES: usize = 256;

/// Where each element of the document's `sources`, `nodes` and `edges` lists starts
/// and ends in its RON text, in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RecordSpans {
    /// `sources[i]`: byte range of its text.
    pub sources: Vec<(usize, usize)>,
    /// `nodes[i]`.
    pub nodes: Vec<(usize, usize)>,
    /// `edges[i]`.
    pub edges: Vec<(usize, usize)>,
}

impl RecordSpans {
    /// The text range of a record, if it was found.
    pub fn span(&self, locus: Locus) -> Option<(usize, usize)> {
        match locus {
            Locus::Source(i) => self.sources.get(i),
            Locus::Node(i) => self.nodes.get(i),
            Locus::Edge(i) => self.edges.get(i),
        }
        .copied()
    }
}

/// Finds each record of a RON document in one pass, skipping strings (plain and raw)
/// and comments, so that a problem is placed at its own record rather than at the
/// first record that shares a value with it (every edge from one node used to be
/// placed at the first such edge). The text should parse as a document; on text that
/// does not, the spans found are still in range.
pub fn record_spans(text: &str) -> RecordSpans {
    let b = text.as_bytes();
    let mut spans = RecordSpans::default();
    let mut depth = 0usize;
    // The last field name read inside the document, and the list being walked.
    let mut field: &str = "";
    let mut list: Option<&str> = None;
    let mut want_element = false;
    let mut open_at: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let token_start = i;
        i = skip_token(b, i);
        if c.is_ascii_whitespace() || (c == b'/' && i > token_start + 1) {
            continue; // whitespace or a comment
        }
        if depth == 2 && list.is_some() && want_element && c != b',' && !is_close(c) {
            open_at = Some(token_start);
            want_element = false;
        }
        match c {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if c == b'[' && depth == 2 && matches!(field, "sources" | "nodes" | "edges") {
                    list = Some(field);
                    want_element = true;
                }
            }
            b')' | b']' | b'}' => {
                if depth == 2 {
                    close_element(&mut spans, list, &mut open_at, token_start);
                    list = None;
                }
                depth = depth.saturating_sub(1);
            }
            b',' if depth == 2 && list.is_some() => {
                close_element(&mut spans, list, &mut open_at, token_start);
                want_element = true;
            }
            _ if depth == 1 && (c.is_ascii_alphabetic() || c == b'_') => {
                field = text.get(token_start..i).unwrap_or("");
            }
            _ => {}
        }
    }
    spans
}

fn is_close(c: u8) -> bool {
    matches!(c, b')' | b']' | b'}')
}

/// Records the element that started at `open_at` as ending at `end`.
fn close_element(
    spans: &mut RecordSpans,
    list: Option<&str>,
    open_at: &mut Option<usize>,
    end: usize,
) {
    let Some(start) = open_at.take() else { return };
    let v = match list {
        Some("sources") => &mut spans.sources,
        Some("nodes") => &mut spans.nodes,
        Some("edges") => &mut spans.edges,
        _ => return,
    };
    v.push((start, end));
}

/// The index just past the token at `i`: a string, raw string, comment, identifier
/// or single byte.
fn skip_token(b: &[u8], i: usize) -> usize {
    let at = |k: usize| b.get(k).copied();
    match b[i] {
        b'"' => skip_string(b, i + 1),
        b'/' if at(i + 1) == Some(b'/') => b[i..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |p| i + p + 1),
        b'/' if at(i + 1) == Some(b'*') => skip_block_comment(b, i + 2),
        b'r' if matches!(at(i + 1), Some(b'"' | b'#')) => skip_raw_string(b, i + 1),
        c if c.is_ascii_alphanumeric() || c == b'_' => {
            let mut k = i + 1;
            while at(k).is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
                k += 1;
            }
            k
        }
        _ => i + 1,
    }
}

/// Past the closing quote of a string whose body starts at `i`.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Past a raw string `r#*"..."#*` whose hashes start at `i`.
fn skip_raw_string(b: &[u8], mut i: usize) -> usize {
    let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
    i += hashes;
    if b.get(i) != Some(&b'"') {
        return i; // `r#ident`, a raw identifier
    }
    i += 1;
    while i < b.len() {
        if b[i] == b'"' && b.len() - i > hashes && b[i + 1..=i + hashes].iter().all(|&c| c == b'#')
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    b.len()
}

/// Past the end of a (nested) block comment whose body starts at `i`.
fn skip_block_comment(b: &[u8], mut i: usize) -> usize {
    let mut depth = 1;
    while i + 1 < b.len() {
        match (b[i], b[i + 1]) {
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// Serialises a document in the canonical form ([`super::canonical`]): what every
/// writer of RON (save, export, generate) uses.
///
/// # Errors
/// As [`super::canonical::to_string`].
pub fn to_string(doc: &Document) -> Result<String, IoError> {
    super::canonical::to_string(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Evidence, Kind, Node, Relation, Rule};

    fn sample() -> Document {
        let mut d = Document::default();
        d.nodes
            .push(Node::new("a", "A \"quoted\" & <b>", Kind::Person));
        d.nodes.push(Node::new("b", "Bé", Kind::Concept));
        let mut e = Edge::new("a", "b", Relation::Advocates);
        e.evidence.push(Evidence::new("s", "x"));
        d.edges.push(e);
        d
    }

    #[test]
    fn round_trip_is_lossless() {
        let d = sample();
        let text = to_string(&d).expect("encode");
        assert!(text.starts_with("#![enable(implicit_some)]"), "{text}");
        assert_eq!(parse_document(&text, "t.ron").expect("parse"), d);
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err =
            parse_document("(\n  version: 1,\n  nodes: [ oops ],\n)", "g.ron").expect_err("bad");
        let msg = err.to_string();
        assert!(msg.contains("g.ron:3:"), "{msg}");
        assert!(msg.contains("nodes: [ oops ]"), "{msg}");
    }

    #[test]
    fn unknown_field_and_kind_are_errors() {
        let err = parse_document("(version: 1, colour: 3)", "g.ron").expect_err("bad");
        assert!(err.to_string().contains("colour"), "{err}");
        let text = "(version: 1, nodes: [(id: \"a\", label: \"A\", kind: Wizard)])";
        let err = parse_document(text, "g.ron").expect_err("bad");
        assert!(err.to_string().contains("Wizard"), "{err}");
    }

    #[test]
    fn record_spans_skip_strings_comments_and_raw_strings() {
        let text = "#![enable(implicit_some)]\nDocument(\n  version: 1, // nodes: [(\n  /* edges: [ /* ( */ ] */\n  \
                    nodes: [\n    (id: \"a,)]\\\"\", label: r#\"x\"),]\"#),\n    Node(id: \"b\"),\n  ],\n  \
                    edges: [Edge(from: \"a\"), (from: \"b\")],\n)";
        let spans = record_spans(text);
        let at =
            |v: &[(usize, usize)]| -> Vec<&str> { v.iter().map(|&(a, b)| &text[a..b]).collect() };
        assert_eq!(
            at(&spans.nodes),
            vec![
                "(id: \"a,)]\\\"\", label: r#\"x\"),]\"#)",
                "Node(id: \"b\")"
            ]
        );
        assert_eq!(at(&spans.edges), vec!["Edge(from: \"a\")", "(from: \"b\")"]);
        assert!(spans.sources.is_empty());
    }

    #[test]
    fn each_problem_is_placed_at_its_own_record() {
        let text = "(version: 1,\n nodes: [(id: \"a\", label: \"A\", kind: Person)],\n edges: [\n  \
                    (from: \"a\", to: \"x\", relation: Advocates),\n  \
                    (from: \"a\", to: \"y\", relation: Advocates),\n])";
        let (_, problems) = load(text, "g.ron").expect("parses");
        let unknown: Vec<_> = problems
            .iter()
            .filter(|p| p.rule == Rule::UnknownNode)
            .map(|p| p.at)
            .collect();
        assert_eq!(unknown, vec![Some((4, 15)), Some((5, 15))]);
    }

    #[test]
    fn problems_are_placed_and_load_valid_refuses() {
        let text = "(\n version: 1,\n nodes: [\n  (id: \"a\", label: \"\", kind: Person),\n ],\n)";
        let (_, problems) = load(text, "g.ron").expect("parses");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].rule, Rule::EmptyLabel);
        assert_eq!(problems[0].at, Some((4, 4)));
        assert!(matches!(
            load_valid(text, "g.ron"),
            Err(IoError::Invalid { .. })
        ));
    }

    #[test]
    fn a_multibyte_character_before_a_key_does_not_panic() {
        // A problem with no record (the version) makes every `: "` a candidate key;
        // the character before `: "` here is several bytes long.
        for c in ["\u{2014}", "\u{2026}", "\u{201d}", "\u{1F600}"] {
            let text =
                format!("(version: 2,\n nodes: [(id: \"a\", label: \"x{c}: \", kind: Person)])");
            let (_, problems) = load(&text, "g.ron").expect("parses");
            let version: Vec<_> = problems
                .iter()
                .filter(|p| p.rule == Rule::Version)
                .map(|p| p.at)
                .collect();
            assert_eq!(version, vec![Some((1, 2))], "{c}");
        }
    }

    #[test]
    fn a_problem_whose_record_is_not_found_is_placed_at_its_needle() {
        let text = "(version: 1,\n nodes: [\n  (id: \"a\"),\n  (id: \"b\"),\n ],\n)";
        let mut problems = vec![Problem {
            rule: Rule::DuplicateId,
            message: "m".into(),
            needle: Some("id: \"b\"".into()),
            locus: Some(Locus::Node(7)),
            at: None,
        }];
        place_problems(&mut problems, text);
        assert_eq!(problems[0].at, Some((4, 4)));
    }
}
