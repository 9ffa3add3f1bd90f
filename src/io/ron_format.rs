//! The native format: a versioned, human-editable RON document (see [`crate::model::Document`]).

use std::collections::{HashMap, HashSet};

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

use super::IoError;
use crate::model::{Document, KnowledgeGraph, Problem, validate};

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
    options().from_str::<Document>(text).map_err(|e| {
        let p = e.span.start;
        IoError::parse_at(e.code.to_string(), path, text, p.line.max(1), p.col.max(1))
    })
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

/// Like [`load_valid`], but takes the text and frees it before the graph is built, so
/// loading a large file never holds the text, the document and the graph at once
/// (61 MB less at the peak for a 100k-node file).
///
/// # Errors
/// As [`load_valid`].
pub fn load_valid_text(text: String, path: &str) -> Result<KnowledgeGraph, IoError> {
    let doc = valid_document(&text, path)?;
    drop(text);
    Ok(KnowledgeGraph::from_document(doc))
}

/// Parses, and refuses a document with a problem that blocks loading (placed).
fn valid_document(text: &str, path: &str) -> Result<Document, IoError> {
    let doc = parse_document(text, path)?;
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

/// Sets each problem's line and column from the first place its needle occurs.
///
/// # Complexity
/// One pass over the text for needles of the form `key: "value"` (ids, edge ends,
/// sources) and quote prefixes, then one pass to turn offsets into lines and columns;
/// only needles of another shape fall back to a search each (at most [`MAX_SEARCHES`]).
pub fn place_problems(problems: &mut [Problem], text: &str) {
    let wanted: HashSet<String> = problems.iter().filter_map(|p| p.needle.clone()).collect();
    if wanted.is_empty() {
        return;
    }
    let mut first: HashMap<String, usize> = HashMap::new();
    for (off, _) in text.match_indices(": \"") {
        let key_start = text[..off]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
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
    for n in &wanted {
        if !first.contains_key(n) && searches < MAX_SEARCHES {
            searches += 1;
            if let Some(off) = text.find(n.as_str()) {
                first.insert(n.clone(), off);
            }
        }
    }
    let mut offsets: Vec<usize> = first.values().copied().collect();
    offsets.sort_unstable();
    offsets.dedup();
    let placed: HashMap<usize, (usize, usize)> = offsets
        .iter()
        .copied()
        .zip(super::line_cols(text, &offsets))
        .collect();
    for p in problems {
        p.at = p
            .needle
            .as_deref()
            .and_then(|n| first.get(n))
            .and_then(|off| placed.get(off))
            .copied();
    }
}

/// Needles placed by a plain search each, at most: the rest stay unplaced.
pub const MAX_SEARCHES: usize = 256;

/// Serialises a document as pretty RON, with the `implicit_some` header.
pub fn to_string(doc: &Document) -> Result<String, IoError> {
    let config = PrettyConfig::new()
        .extensions(Extensions::IMPLICIT_SOME)
        .struct_names(true)
        .indentor("  ".to_owned());
    let encode = |e: ron::Error| IoError::Encode {
        message: e.to_string(),
        path: "RON".into(),
    };
    let body = ron::ser::to_string_pretty(doc, config).map_err(encode)?;
    Ok(body + "\n")
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
        e.evidence.push(Evidence {
            source: "s".into(),
            quote: "x".into(),
        });
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
}
