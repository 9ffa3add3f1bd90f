//! How much of a source text the graph quotes, and what it names that the graph does
//! not: the measure behind `ideagraph coverage`, which finds facts a curator has not
//! taken in yet. A text is cut into sentences; a sentence is *backed* when a quote of
//! one of its sources (several pieces may share a text: an article and a reader's
//! comment on it) lies in it, wholly or in part. Its proper names are the runs of
//! capitalised words ("Local Government Association", "Oldham"), joined across "of",
//! "and", "the", "for" and "in"; a name is *unmatched* when no node's label or alias is
//! that name.
//!
//! Nothing here reads a file: the caller reads the texts (see [`crate::io::sources`]).

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use crate::io::sources::FoldedText;
use crate::model::{Document, MONTH_NAMES};

/// Small words a name may hold between capitalised words ("Department for Education").
const JOINERS: [&str; 6] = ["of", "and", "the", "for", "in", "on"];

/// Capitalised words that name no one but a day (months are [`MONTH_NAMES`]): a date is
/// not a node.
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// What one source's text holds that the graph does or does not quote.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceCoverage {
    /// Every sentence, by its byte range in the text.
    pub sentences: Vec<Range<usize>>,
    /// Whether each sentence backs at least one quote.
    pub backed: Vec<bool>,
    /// Names in the text that match no node's label or alias, each with how many times
    /// it occurs, in order of first occurrence.
    pub unmatched: Vec<(String, usize)>,
}

impl SourceCoverage {
    /// How many sentences back a quote.
    pub fn backed_count(&self) -> usize {
        self.backed.iter().filter(|&&b| b).count()
    }

    /// The share of sentences that back a quote, from 0 to 1 (1 for a text without
    /// sentences: nothing is missing from it).
    pub fn share(&self) -> f64 {
        if self.sentences.is_empty() {
            1.0
        } else {
            self.backed_count() as f64 / self.sentences.len() as f64
        }
    }

    /// The sentences that back no quote, by byte range.
    pub fn unbacked(&self) -> impl Iterator<Item = &Range<usize>> {
        self.sentences
            .iter()
            .zip(&self.backed)
            .filter(|(_, b)| !**b)
            .map(|(r, _)| r)
    }
}

/// The coverage of `text`, the text of the sources `sources` of `doc` (by id).
///
/// # Complexity
/// O(q·t) for the q quotes of the source in a text of t bytes (each quote located once),
/// plus O(t) for the sentences and names.
pub fn coverage(doc: &Document, sources: &[&str], text: &str) -> SourceCoverage {
    let sentences = sentences(text);
    let quoted = quoted_spans(doc, sources, text);
    let backed = sentences
        .iter()
        .map(|s| quoted.iter().any(|q| q.start < s.end && s.start < q.end))
        .collect();
    let known = known_names(doc);
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for s in &sentences {
        let Some(sentence) = text.get(s.clone()) else {
            continue;
        };
        for name in names(sentence)
            .iter()
            .flat_map(|n| unknown_parts(n, &known))
        {
            let order = counts.len();
            counts.entry(name).or_insert((order, 0)).1 += 1;
        }
    }
    let mut unmatched: Vec<(usize, String, usize)> = counts
        .into_iter()
        .map(|(name, (order, n))| (order, name, n))
        .collect();
    unmatched.sort();
    SourceCoverage {
        sentences,
        backed,
        unmatched: unmatched
            .into_iter()
            .map(|(_, name, n)| (name, n))
            .collect(),
    }
}

/// The parts of `name` no node is called: the name itself, or, when it is not known and
/// holds an "and", each side of it ("Tessa Jowell and Hazel Blears" is two names, "Work
/// and Pensions" one).
fn unknown_parts(name: &str, known: &HashSet<String>) -> Vec<String> {
    if known.contains(&fold(name)) {
        return Vec::new();
    }
    match name.split_once(" and ") {
        Some((a, b)) if is_capitalised(a) && is_capitalised(b) => {
            let (left, right) = (unknown_parts(a, known), unknown_parts(b, known));
            if left.len() + right.len() == 2 && left == [a] && right == [b] {
                // Neither side is known either: keep the name as the text has it.
                vec![name.to_owned()]
            } else {
                left.into_iter().chain(right).collect()
            }
        }
        _ => vec![name.to_owned()],
    }
}

/// Where each quote citing one of `sources` lies in `text` (quotes not found are left
/// out: `check --sources` reports them).
fn quoted_spans(doc: &Document, sources: &[&str], text: &str) -> Vec<Range<usize>> {
    let folded = FoldedText::new(text);
    crate::io::quotes::all_evidence(doc)
        .into_iter()
        .filter(|(_, ev)| sources.contains(&ev.source.as_str()))
        .filter_map(|(_, ev)| folded.locate(text, &ev.quote))
        .collect()
}

/// Every node's label and alias, folded, with a leading "the" dropped too.
fn known_names(doc: &Document) -> HashSet<String> {
    let mut known = HashSet::new();
    for n in &doc.nodes {
        for name in std::iter::once(&n.label).chain(&n.aliases) {
            let f = fold(name);
            if let Some(rest) = f.strip_prefix("the ") {
                known.insert(rest.to_owned());
            }
            known.insert(f);
        }
    }
    known
}

/// A name as compared: lower case, curly apostrophes straight, a trailing possessive
/// and a leading "the" dropped, whitespace single.
fn fold(name: &str) -> String {
    let lower = name.to_lowercase().replace('\u{2019}', "'");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mut joined = words.join(" ");
    if let Some(rest) = joined.strip_suffix("'s") {
        joined = rest.to_owned();
    }
    match joined.strip_prefix("the ") {
        Some(rest) => rest.to_owned(),
        None => joined,
    }
}

/// The sentences of `text`, by byte range, trimmed: a sentence ends at `.`, `!` or `?`
/// (with any closing quotation marks) before white space, and at every line break (a
/// headline or a list item is a sentence of its own).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '\n' => Some(i),
            '.' | '!' | '?' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, q)) = chars.peek() {
                    if matches!(q, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')') {
                        end = j + q.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                match chars.peek() {
                    Some(&(_, next)) if next.is_whitespace() => Some(end),
                    None => Some(end),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(end) = end {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Pushes `range` of `text` without its surrounding white space, if anything is left.
fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(s) = text.get(range.clone()) else {
        return;
    };
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

/// The proper names of one sentence: runs of capitalised words, joined across
/// [`JOINERS`], with the punctuation round them, a possessive, a leading article and a
/// lower-case hyphenated tail ("Labour-led") taken off. A lone word that opens the
/// sentence, a quotation or a clause after a colon is left out, since any word is
/// capitalised there.
pub fn names(sentence: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = Run::default();
    let mut opening = true;
    for raw in sentence.split_whitespace() {
        if !raw.chars().any(char::is_alphanumeric) {
            // A bullet or a dash: not a word, and what follows still opens.
            continue;
        }
        let quoted = raw.starts_with(['\u{201c}', '"', '(', '\u{2018}']);
        if quoted {
            run.flush(&mut out);
        }
        let (word, possessive) = name_word(raw);
        let calendar = DAYS.contains(&word) || MONTH_NAMES.contains(&word);
        if is_capitalised(word) && !calendar {
            if run.words.is_empty() {
                run.opening = opening || quoted;
            }
            run.words.push(word);
        } else if !run.words.is_empty() && JOINERS.contains(&word) && word == raw {
            run.words.push(word);
        } else {
            run.flush(&mut out);
        }
        let ends_clause = raw.ends_with([',', ';', ':', '.', '!', '?', ')', '\u{201d}', '"']);
        if ends_clause || possessive {
            run.flush(&mut out);
        }
        opening = raw.ends_with(':');
    }
    run.flush(&mut out);
    out
}

/// A word as a name holds it: without the punctuation round it, and without a
/// possessive (then true: a possessive ends the name) or a lower-case tail after a
/// hyphen.
fn name_word(raw: &str) -> (&str, bool) {
    let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
    let (word, possessive) = match word
        .strip_suffix("\u{2019}s")
        .or_else(|| word.strip_suffix("'s"))
    {
        Some(stem) => (stem, true),
        None => (word, false),
    };
    match word.split_once('-') {
        Some((head, tail)) if tail.starts_with(char::is_lowercase) => (head, possessive),
        _ => (word, possessive),
    }
}

/// The capitalised words being gathered into a name.
#[derive(Default)]
struct Run<'a> {
    words: Vec<&'a str>,
    /// Whether it began where any word is capitalised.
    opening: bool,
}

impl Run<'_> {
    /// Ends the run: pushes it to `out` without trailing small words or a leading
    /// article, unless nothing is left or it is a lone opening word.
    fn flush(&mut self, out: &mut Vec<String>) {
        while self.words.last().is_some_and(|w| JOINERS.contains(w)) {
            self.words.pop();
        }
        let lone_opening = self.words.len() == 1 && self.opening;
        let article = self
            .words
            .first()
            .is_some_and(|w| ["The", "A", "An"].contains(w));
        let words = if article {
            self.words.get(1..).unwrap_or_default()
        } else {
            &self.words[..]
        };
        if !words.is_empty() && !lone_opening {
            out.push(words.join(" "));
        }
        self.words.clear();
    }
}

/// Whether a word is a name's word: a capital letter, then at least one more letter or
/// digit (so "I" and initials alone are not names).
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Evidence, Kind, Node, Relation, Source};

    #[test]
    fn sentences_end_at_stops_before_space_and_at_line_breaks() {
        let text =
            "A headline\n\nHe said: \u{201c}It works.\u{201d} Then he left! Did he? 3.5 percent.";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "A headline",
                "He said: \u{201c}It works.\u{201d}",
                "Then he left!",
                "Did he?",
                "3.5 percent."
            ]
        );
    }

    #[test]
    fn names_are_capitalised_runs_joined_by_small_words() {
        assert_eq!(
            names(
                "Jim McMahon, leader of Oldham council, spoke to the Local Government Association."
            ),
            ["Jim McMahon", "Oldham", "Local Government Association"]
        );
        assert_eq!(
            names("Labour wants the Department for Education to act."),
            ["Department for Education"]
        );
        assert_eq!(
            names("He met Tessa Jowell and Hazel Blears."),
            ["Tessa Jowell and Hazel Blears"]
        );
        assert_eq!(names("It is Labour\u{2019}s idea."), ["Labour"]);
        assert_eq!(names("On Friday, in January, Ada spoke."), ["Ada"]);
        assert_eq!(
            names(
                "\u{2022} Cutting taxes, as the Labour-led council said: \u{201c}The MP for Leicester West agrees.\u{201d}"
            ),
            ["Labour", "MP for Leicester West"]
        );
        assert!(
            names("I think so.").is_empty(),
            "a sentence's first word alone is not a name"
        );
    }

    fn doc() -> Document {
        let mut d = Document::default();
        d.sources.push(Source {
            node: None,
            id: "s".into(),
            title: "S".into(),
            outlet: None,
            authors: vec![],
            date: None,
            file: "s.txt".into(),
            note: None,
        });
        let mut jim = Node::new("jim", "Jim McMahon", Kind::Person);
        jim.aliases.push("McMahon".into());
        d.nodes.push(jim);
        d.nodes.push(Node::new(
            "lga",
            "The Local Government Association",
            Kind::Organisation,
        ));
        let mut e = Edge::new("jim", "lga", Relation::MemberOf);
        e.evidence.push(Evidence::new(
            "s",
            "leader in the Local Government Association",
        ));
        d.edges.push(e);
        d
    }

    #[test]
    fn a_sentence_with_a_quote_is_backed_and_unknown_names_are_listed() {
        let text = "Jim McMahon is Labour\u{2019}s leader in the Local Government Association. \
                    Oldham council agreed. McMahon spoke in Oldham again, with Jim McMahon \
                    and Ada Lovelace.";
        let c = coverage(&doc(), &["s"], text);
        assert_eq!(c.sentences.len(), 3);
        assert_eq!(c.backed, [true, false, false]);
        assert_eq!(c.backed_count(), 1);
        assert!((c.share() - 1.0 / 3.0).abs() < 1e-9);
        // "Labour's" is Labour, unknown; "Oldham" opening a sentence alone is not taken
        // for a name, later it is; of "Jim McMahon and Ada Lovelace" only Ada is new.
        let unmatched: Vec<(&str, usize)> =
            c.unmatched.iter().map(|(n, k)| (n.as_str(), *k)).collect();
        assert_eq!(
            unmatched,
            [("Labour", 1), ("Oldham", 1), ("Ada Lovelace", 1)]
        );
        let unbacked: Vec<&str> = c.unbacked().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            unbacked,
            [
                "Oldham council agreed.",
                "McMahon spoke in Oldham again, with Jim McMahon and Ada Lovelace."
            ]
        );
    }
}
