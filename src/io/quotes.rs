//! Checks that every quote appears word for word in its source's file, ignoring only
//! whitespace and typographic quote, apostrophe and dash differences.

use std::collections::HashMap;
use std::path::Path;

use crate::model::{
    Document, Edge, Evidence, FactionClaim, Locus, Node, Problem, Role, Rule, shown,
};

/// Folds the differences a copy-paste may introduce: curly quotes and apostrophes to
/// straight ones, dashes to `-`, ellipses to `...`, all whitespace runs to one space.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let mapped = match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2026}' => {
                out.push_str("...");
                space = false;
                continue;
            }
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if mapped == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(mapped);
    }
    out
}

/// What a piece of evidence backs: a record of the document, described only when a
/// message needs it (describing it for every quote copied a long id once per quote).
#[derive(Clone, Copy, Debug)]
pub enum Backs<'a> {
    /// The node's own evidence.
    Node(usize, &'a Node),
    /// A role of the node.
    Role(usize, &'a Node, &'a Role),
    /// A faction claim of the node.
    Faction(usize, &'a Node, &'a FactionClaim),
    /// The edge at this index.
    Edge(usize, &'a Edge),
}

impl Backs<'_> {
    /// How messages name it, ids shortened ([`shown`]).
    pub fn describe(&self) -> String {
        match self {
            Backs::Node(_, n) => format!("node {}", shown(&n.id)),
            Backs::Role(_, n, r) => format!("node {} role {}", shown(&n.id), shown(&r.title)),
            Backs::Faction(_, n, f) => {
                format!("node {} faction {}", shown(&n.id), shown(&f.faction))
            }
            Backs::Edge(i, e) => e.describe(*i),
        }
    }

    /// The record it belongs to.
    pub fn locus(&self) -> Locus {
        match self {
            Backs::Node(i, _) | Backs::Role(i, ..) | Backs::Faction(i, ..) => Locus::Node(*i),
            Backs::Edge(i, _) => Locus::Edge(*i),
        }
    }
}

/// Every piece of evidence in the document, with what it backs.
///
/// # Complexity
/// O(q) for q quotes: nothing is formatted or copied.
pub fn all_evidence(doc: &Document) -> Vec<(Backs<'_>, &Evidence)> {
    let mut v = Vec::new();
    for (i, n) in doc.nodes.iter().enumerate() {
        v.extend(n.evidence.iter().map(|ev| (Backs::Node(i, n), ev)));
        v.extend(n.roles.iter().map(|r| (Backs::Role(i, n, r), &r.evidence)));
        v.extend(
            n.factions
                .iter()
                .map(|f| (Backs::Faction(i, n, f), &f.evidence)),
        );
    }
    for (i, e) in doc.edges.iter().enumerate() {
        v.extend(e.evidence.iter().map(|ev| (Backs::Edge(i, e), ev)));
    }
    v
}

/// Checks every quote against the file of its source in `dir`. Missing files are one
/// problem each; a quote not found is reported with the nearest passage.
pub fn check_quotes(doc: &Document, dir: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut texts: HashMap<&str, Option<String>> = HashMap::new();
    for (i, s) in doc.sources.iter().enumerate() {
        let path = dir.join(&s.file);
        // Read as any input is: a regular file, within the size limit.
        let text = if s.file.is_empty() {
            None
        } else {
            super::read_text(&path).ok().map(|t| normalize(&t))
        };
        if text.is_none() {
            problems.push(Problem {
                rule: Rule::SourceFile,
                message: format!(
                    "source {}: cannot read its file {} in {}",
                    shown(&s.id),
                    shown(&s.file),
                    dir.display()
                ),
                needle: None,
                locus: Some(Locus::Source(i)),
                at: None,
            });
        }
        texts.insert(s.id.as_str(), text);
    }
    for (backs, ev) in all_evidence(doc) {
        let Some(Some(text)) = texts.get(ev.source.as_str()) else {
            continue;
        };
        let quote = normalize(&ev.quote);
        if quote.is_empty() || text.contains(&quote) {
            continue;
        }
        let nearest = nearest_passage(text, &quote);
        problems.push(Problem {
            rule: Rule::QuoteNotFound,
            message: format!(
                "{}: quote not found in source {}: \"{}\"; nearest passage: \"{}\"",
                backs.describe(),
                shown(&ev.source),
                ellipsize(&quote, 160),
                ellipsize(&nearest, 200)
            ),
            needle: Some(ev.quote.chars().take(40).collect()),
            locus: Some(backs.locus()),
            at: None,
        });
    }
    problems
}

fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// The window of `text`, as many words long as `quote`, sharing the most words with it,
/// with two words of context either side.
///
/// # Complexity
/// O(t) for t words of text, with a sliding multiset of the window's words.
pub fn nearest_passage(text: &str, quote: &str) -> String {
    let key = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let words: Vec<&str> = text.split(' ').collect();
    let q: Vec<String> = quote.split(' ').map(key).collect();
    let m = q.len().clamp(1, words.len().max(1));
    let mut want: HashMap<&str, i32> = HashMap::new();
    for w in &q {
        *want.entry(w.as_str()).or_default() += 1;
    }
    let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
    let mut have: HashMap<&str, i32> = HashMap::new();
    let mut score = 0i32;
    let (mut best, mut best_at) = (-1i32, 0usize);
    for i in 0..keys.len() {
        let k = keys[i].as_str();
        let c = have.entry(k).or_default();
        *c += 1;
        if *c <= want.get(k).copied().unwrap_or(0) {
            score += 1;
        }
        if i >= m {
            let old = keys[i - m].as_str();
            let c = have.entry(old).or_default();
            if *c <= want.get(old).copied().unwrap_or(0) {
                score -= 1;
            }
            *c -= 1;
        }
        if score > best {
            best = score;
            best_at = (i + 1).saturating_sub(m);
        }
    }
    // Two words of context either side help a reader find the passage.
    let from = best_at.saturating_sub(2);
    words
        .iter()
        .skip(from)
        .take(m + 2 + (best_at - from))
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_typography_and_space() {
        assert_eq!(
            normalize("  \u{201c}It\u{2019}s\u{201d}\n\t a \u{2013} b\u{2026} "),
            "\"It's\" a - b..."
        );
    }

    #[test]
    fn finds_nearest_passage() {
        let text = "the quick brown fox jumps over the lazy dog and runs away";
        assert_eq!(
            nearest_passage(text, "fox jumped over the lazy"),
            "quick brown fox jumps over the lazy dog and"
        );
    }
}
