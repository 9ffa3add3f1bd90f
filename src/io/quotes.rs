//! Checks that every quote appears word for word in its source's file, ignoring only
//! whitespace and typographic quote, apostrophe and dash differences.

use std::collections::HashMap;
use std::path::Path;

use crate::model::{
    Document, Edge, Evidence, FactionClaim, Locus, Node, Problem, Role, Rule, Source, shown,
};

/// Folds the differences a copy-paste may introduce: curly quotes and apostrophes to
/// straight ones, dashes to `-`, ellipses to `...`, all whitespace runs to one space.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold(s, |piece, _| out.push_str(piece));
    out
}

/// [`normalize`], with, for every byte of the normalised text, the byte offset in `s`
/// of the character it came from (for a space, the first character of the whitespace
/// run it stands for): a passage found in the normalised text maps back to `s`.
pub fn normalize_mapped(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut origins = Vec::with_capacity(s.len());
    fold(s, |piece, at| {
        out.push_str(piece);
        origins.extend(std::iter::repeat_n(at, piece.len()));
    });
    (out, origins)
}

/// The folding behind [`normalize`]: hands each piece of normalised text to `push` with
/// the byte offset in `s` it comes from. One routine, so the text a quote is checked in
/// and the text the reader maps back to the source never disagree.
fn fold(s: &str, mut push: impl FnMut(&str, usize)) {
    let mut space: Option<usize> = None;
    let mut any = false;
    let mut buf = [0u8; 4];
    for (at, c) in s.char_indices() {
        let mapped = match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2026}' => {
                // A space before an ellipsis is dropped, as `check` always did.
                space = None;
                any = true;
                push("...", at);
                continue;
            }
            c if c.is_whitespace() => {
                space.get_or_insert(at);
                continue;
            }
            c => c,
        };
        if let Some(run) = space.take()
            && any
        {
            push(" ", run);
        }
        any = true;
        push(mapped.encode_utf8(&mut buf), at);
    }
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

/// Every piece of evidence in the document ([`all_evidence`]), grouped by the id of the
/// source it cites.
pub fn evidence_by_source(doc: &Document) -> HashMap<&str, Vec<(Backs<'_>, &Evidence)>> {
    let mut by_source: HashMap<&str, Vec<(Backs<'_>, &Evidence)>> = HashMap::new();
    for (backs, ev) in all_evidence(doc) {
        by_source
            .entry(ev.source.as_str())
            .or_default()
            .push((backs, ev));
    }
    by_source
}

/// Checks every quote against the file of its source in `dir`. A missing file, or a
/// `file` that is not a plain relative path inside `dir` (absolute, or with `..` or
/// `.`), is one problem each; a quote not found is reported with the nearest passage.
///
/// Each source's text is read only while its own quotes are checked, so memory holds
/// one source at a time. Quotes citing a source id given twice are checked against
/// its first entry's file.
pub fn check_quotes(doc: &Document, dir: &Path) -> Vec<Problem> {
    let mut by_source = evidence_by_source(doc);
    let mut problems = Vec::new();
    for (i, s) in doc.sources.iter().enumerate() {
        let quotes = by_source.remove(s.id.as_str());
        match source_text(s, dir) {
            Ok(text) => {
                for (backs, ev) in quotes.iter().flatten() {
                    problems.extend(check_quote(&text, *backs, ev));
                }
            }
            Err(why) => problems.push(Problem {
                rule: Rule::SourceFile,
                message: format!("source {}: {why}", shown(&s.id)),
                needle: None,
                locus: Some(Locus::Source(i)),
                at: None,
            }),
        }
    }
    problems
}

/// The normalised text of a source's file in `dir`, or why it cannot be read.
fn source_text(s: &Source, dir: &Path) -> Result<String, String> {
    read_source_text(s, dir).map(|t| normalize(&t))
}

/// The text of a source's file in `dir`, as written, or why it cannot be read (the
/// file named, and the folder looked in). Only a plain relative path inside `dir` is
/// read, as [`check_quotes`] reads it.
///
/// # Errors
/// A sentence saying what is wrong: the file is missing, unreadable, not UTF-8, or
/// its name is not a plain relative path.
pub fn read_source_text(s: &Source, dir: &Path) -> Result<String, String> {
    let unreadable = || {
        format!(
            "cannot read its file {} in {}",
            shown(&s.file),
            dir.display()
        )
    };
    if s.file.is_empty() {
        return Err(unreadable());
    }
    let Some(file) = super::sources::plain_relative(&s.file) else {
        // A graph is data: it may name files in the sources folder, not elsewhere.
        return Err(format!(
            "its file {} is not a plain relative path inside {} (no absolute path, `..` or `.`)",
            shown(&s.file),
            dir.display()
        ));
    };
    // Read as any input is: a regular file, within the size limit.
    super::read_text(&dir.join(file)).map_err(|_| unreadable())
}

/// Whether a quote is in a source's text, as [`check_quotes`] decides it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuoteMatch {
    /// The quote is in the text word for word (ignoring only what [`normalize`] folds).
    Found,
    /// It is not: the passage of the text most like it ([`nearest_passage`]), normalised.
    Missing {
        /// The nearest passage, with two words of context either side.
        nearest: String,
    },
}

/// Looks for `quote` in `text` (a source's text as written) the way `ideagraph check
/// --sources` does: both normalised ([`normalize`]), then a plain search; when it is
/// missing, the nearest passage says what the text has instead.
///
/// # Complexity
/// O(t) for a text of t bytes: a normalised copy, one search, and when the quote is
/// missing one pass of [`nearest_passage`] (a 50 KB article takes about a millisecond
/// in an optimised build).
pub fn match_quote(text: &str, quote: &str) -> QuoteMatch {
    let text = normalize(text);
    let quote = normalize(quote);
    if quote.is_empty() || text.contains(&quote) {
        return QuoteMatch::Found;
    }
    QuoteMatch::Missing {
        nearest: nearest_passage(&text, &quote),
    }
}

/// A problem if the quote is not in `text` (normalised), with the nearest passage.
fn check_quote(text: &str, backs: Backs<'_>, ev: &Evidence) -> Option<Problem> {
    let quote = normalize(&ev.quote);
    if quote.is_empty() || text.contains(&quote) {
        return None;
    }
    let nearest = nearest_passage(text, &quote);
    Some(Problem {
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
    })
}

fn ellipsize(s: &str, max: usize) -> String {
    let (kept, more) = crate::model::cut_to(s, max);
    format!("{kept}{more}")
}

/// A word as passages are compared (in lower-cased text): without the punctuation
/// around it.
fn key(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The window of `text`, as many words long as `quote`, sharing the most words with it,
/// with two words of context either side. Words are compared without the punctuation
/// around them and in any case.
///
/// # Complexity
/// O(t) time for t words of text, with a sliding count of the window's words that are
/// in the quote. Memory: one lower-cased copy of the text, whose words are borrowed and
/// walked twice (the window's front and back), never collected; lower-casing never
/// makes or removes a space, so word i of the copy is word i of the text.
pub fn nearest_passage(text: &str, quote: &str) -> String {
    let lower = text.to_lowercase();
    let quote = quote.to_lowercase();
    let mut want: HashMap<&str, i32> = HashMap::new();
    let mut m = 0usize;
    for w in quote.split(' ') {
        *want.entry(key(w)).or_default() += 1;
        m += 1;
    }
    let m = m.clamp(1, lower.split(' ').count().max(1));
    // Only words of the quote are counted: the others never add to the score.
    let mut have: HashMap<&str, i32> = HashMap::with_capacity(want.len());
    let mut score = 0i32;
    let (mut best, mut best_at) = (-1i32, 0usize);
    let mut back = lower.split(' ').map(key);
    for (i, k) in lower.split(' ').map(key).enumerate() {
        if let Some(&w) = want.get(k) {
            let c = have.entry(k).or_default();
            *c += 1;
            if *c <= w {
                score += 1;
            }
        }
        if i >= m
            && let Some(old) = back.next()
            && let Some(&w) = want.get(old)
        {
            let c = have.entry(old).or_default();
            if *c <= w {
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
    text.split(' ')
        .skip(from)
        .take(m + 2 + (best_at - from))
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
    fn a_quote_is_matched_as_check_matches_it() {
        let text =
            "He said \u{201c}it\u{2019}s time\u{201d}\nto  act \u{2013} now, before the vote.";
        assert_eq!(
            match_quote(text, "\"it's time\" to act - now"),
            QuoteMatch::Found
        );
        assert_eq!(
            match_quote(text, "it is time to act now"),
            QuoteMatch::Missing {
                nearest: "He said \"it's time\" to act - now, before the".into()
            }
        );
    }

    #[test]
    fn the_nearest_passage_in_a_long_text_is_found_quickly() {
        // About 50 KB of text with the passage near its end.
        let filler = "the council met again and talked about the budget for the year. ";
        let mut text = filler.repeat(800);
        text.push_str("Labour must let people shape the public services they use. ");
        text.push_str(&filler.repeat(5));
        assert!(text.len() > 50_000);
        let started = std::time::Instant::now();
        let found = match_quote(&text, "Labour should let people shape public services");
        let took = started.elapsed();
        let QuoteMatch::Missing { nearest } = found else {
            panic!("the quote is not verbatim")
        };
        assert!(
            nearest.contains("Labour must let people shape the public services"),
            "{nearest}"
        );
        // Generous for a debug build on a busy machine; linear work takes milliseconds.
        assert!(took < std::time::Duration::from_secs(2), "{took:?}");
    }

    #[test]
    fn finds_nearest_passage() {
        let text = "the quick brown fox jumps over the lazy dog and runs away";
        assert_eq!(
            nearest_passage(text, "fox jumped over the lazy"),
            "quick brown fox jumps over the lazy dog and"
        );
    }

    #[test]
    fn nearest_passage_ignores_case_and_punctuation_and_shows_the_text_as_written() {
        let text = "one two THE Quick, Brown FOX jumps İstanbul and more words here";
        assert_eq!(
            nearest_passage(text, "quick brown fox leaps"),
            "one two THE Quick, Brown FOX jumps İstanbul"
        );
    }
}
