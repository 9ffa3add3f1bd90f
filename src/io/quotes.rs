//! Checks that every quote appears word for word in its source's file, ignoring only
//! whitespace and typographic quote, apostrophe and dash differences.

use std::collections::HashMap;
use std::path::Path;

use crate::model::{Document, Evidence, Problem, Rule};

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

/// Every piece of evidence in the document, with a description of what it backs.
pub fn all_evidence(doc: &Document) -> Vec<(String, &Evidence)> {
    let mut v = Vec::new();
    for n in &doc.nodes {
        for ev in &n.evidence {
            v.push((format!("node {:?}", n.id), ev));
        }
        for r in &n.roles {
            v.push((format!("node {:?} role {:?}", n.id, r.title), &r.evidence));
        }
        for f in &n.factions {
            v.push((
                format!("node {:?} faction {:?}", n.id, f.faction),
                &f.evidence,
            ));
        }
    }
    for (i, e) in doc.edges.iter().enumerate() {
        for ev in &e.evidence {
            v.push((e.describe(i), ev));
        }
    }
    v
}

/// Checks every quote against the file of its source in `dir`. Missing files are one
/// problem each; a quote not found is reported with the nearest passage.
pub fn check_quotes(doc: &Document, dir: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut texts: HashMap<&str, Option<String>> = HashMap::new();
    for s in &doc.sources {
        let path = dir.join(&s.file);
        let text = if s.file.is_empty() {
            None
        } else {
            std::fs::read_to_string(&path).ok().map(|t| normalize(&t))
        };
        if text.is_none() {
            problems.push(Problem {
                rule: Rule::SourceFile,
                message: format!(
                    "source {:?}: cannot read its file {:?} in {}",
                    s.id,
                    s.file,
                    dir.display()
                ),
                needle: Some(format!("id: \"{}\"", s.id)),
                at: None,
            });
        }
        texts.insert(s.id.as_str(), text);
    }
    for (what, ev) in all_evidence(doc) {
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
                "{what}: quote not found in source {:?}: \"{}\"; nearest passage: \"{}\"",
                ev.source,
                ellipsize(&quote, 160),
                ellipsize(&nearest, 200)
            ),
            needle: Some(ev.quote.chars().take(40).collect()),
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
