//! Fuzzy search over node labels and aliases: pure functions and a prebuilt index, no
//! egui.
//!
//! A query matches a name when the whole query is the name, a prefix, a word prefix or
//! a substring of it; when every word of the query begins a word of the name, or is
//! found in it; when each query word is within one or two typos of a word of the name;
//! or when each query word's letters appear in order in the name (a subsequence, scored
//! by `nucleo-matcher`). The kinds rank in that order, every match of a better kind
//! above every match of a worse one.
//!
//! [`SearchIndex`] holds every name normalised once, so a keystroke allocates nothing
//! per node; [`search`] builds a throwaway one.

mod index;
mod scan;
mod typo;

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Matcher, Utf32Str};
use petgraph::stable_graph::NodeIndex;

use crate::model::KnowledgeGraph;

pub use index::{Narrowed, SearchIndex};
pub use typo::osa_distance;

/// One search result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The node found.
    pub node: NodeIndex,
    /// How well it matched: higher is better.
    pub score: i64,
    /// The name that matched best: the label or one of the aliases.
    pub matched: String,
}

/// Searches labels and aliases, best first, at most `limit` hits.
///
/// Ties are broken by shorter label, then label, then node index, so the order is
/// deterministic. An empty query finds nothing.
///
/// # Complexity
/// Builds a [`SearchIndex`] (O(total length of the names)) and searches it once: for
/// one-off searches. Anything that searches as the user types keeps the index.
pub fn search(kg: &KnowledgeGraph, query: &str, limit: usize) -> Vec<Hit> {
    SearchIndex::build(kg).search(query, limit)
}

/// How well `name` matches an already [`normalise`]d `query`, or `None`: the score a
/// [`SearchIndex`] gives the name (before the label's edge over aliases).
pub fn score(name: &str, query: &str) -> Option<i64> {
    let query = Query::new(query.to_owned())?;
    let name = normalise(name);
    let mut wide = Vec::new();
    let name = Name::new(&name, Utf32Str::new(&name, &mut wide));
    let mut matcher = Matcher::default();
    query.score(&name, &mut matcher, Passes::ALL)
}

/// Lower case, with runs of whitespace and punctuation collapsed to one space.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalise_into(s, &mut out);
    out
}

/// [`normalise`] onto the end of `out`: building an index appends every name to one
/// buffer without a string of its own.
fn normalise_into(s: &str, out: &mut String) {
    let start = out.len();
    let mut space = true;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            // Most names are ASCII: one push, not the general lower-casing's iterator.
            out.push(c.to_ascii_lowercase());
            space = false;
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if c == '\'' || c == '\u{2019}' {
            // "Labour's" matches "labours".
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.len() > start && out.ends_with(' ') {
        out.pop();
    }
}

/// The score of each kind of match, less a [`length_penalty`] below 100: the kinds
/// never overlap, so a worse kind never outranks a better one.
mod kind {
    /// The name is the query.
    pub const EXACT: i64 = 1000;
    /// The name begins with the query.
    pub const PREFIX: i64 = 900;
    /// A word of the name begins with the query.
    pub const WORD_PREFIX: i64 = 800;
    /// The query is inside the name.
    pub const SUBSTRING: i64 = 700;
    /// Every word of the query begins a word of the name.
    pub const ALL_PREFIXES: i64 = 600;
    /// Every word of the query is inside the name.
    pub const ALL_WORDS: i64 = 500;
    /// Every word of the query is within a typo or two of a word of the name.
    pub const TYPO: i64 = 400;
    /// The best a subsequence scores: below every typo.
    pub const SUBSEQUENCE_MAX: i64 = 299;
}

/// Which of the costlier kinds of match a scan looks for: a pass skips them when the
/// hits it already has are better than any they could give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Passes {
    /// Look for typos (the slowest check).
    typo: bool,
    /// Score subsequences with nucleo's optimal matcher.
    subsequence: bool,
}

impl Passes {
    /// Every kind of match.
    const ALL: Passes = Passes {
        typo: true,
        subsequence: true,
    };
}

/// A normalised name as the scorer reads it.
#[derive(Clone, Copy)]
struct Name<'a> {
    /// The normalised text.
    text: &'a str,
    /// The same as nucleo matches it.
    hay: Utf32Str<'a>,
    /// Its length in characters.
    chars: usize,
    /// Which characters it has ([`typo::mask`]): typos are looked for only in names
    /// that have nearly all of a query word's characters.
    mask: u64,
}

impl<'a> Name<'a> {
    /// The name `text` (normalised), with `hay` the same text for nucleo.
    fn new(text: &'a str, hay: Utf32Str<'a>) -> Self {
        Name {
            text,
            hay,
            chars: text.chars().count(),
            mask: typo::mask(text),
        }
    }
}

/// A normalised query, prepared once for scoring many names.
struct Query {
    /// The query, normalised.
    text: String,
    /// The query after a space: where it begins a word that is not the first.
    spaced: String,
    /// Its length in characters.
    chars: usize,
    /// Its words, each prepared for the typo check.
    words: Vec<typo::Word>,
    /// Its words for nucleo, each matched fuzzily on its own.
    pattern: Pattern,
    /// The number of characters nucleo matches (the words without the spaces).
    pattern_chars: u32,
    /// Which characters nucleo looks for ([`typo::mask`]): a name lacking one of them
    /// matches only with typos, if at all.
    mask: u64,
    /// Whether a typo match is possible at all (every word is long enough).
    typo_possible: bool,
    /// The words in the order the typo check tries them: longest first, as a longer
    /// word rules out more names.
    typo_order: Vec<usize>,
}

impl Query {
    /// The query `text`, already [`normalise`]d; `None` when it is empty.
    fn new(text: String) -> Option<Self> {
        if text.is_empty() {
            return None;
        }
        let words: Vec<typo::Word> = text
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(typo::Word::new)
            .collect();
        // Both sides are normalised already: nucleo neither folds case nor strips accents.
        let pattern = Pattern::new(
            &text,
            CaseMatching::Respect,
            Normalization::Never,
            AtomKind::Fuzzy,
        );
        let needles = || pattern.atoms.iter().map(|a| a.needle_text());
        let pattern_chars = needles().map(Utf32Str::len).sum::<usize>();
        let mask = needles()
            .flat_map(Utf32Str::chars)
            .fold(0, |m, c| m | typo::mask_of(c));
        let mut typo_order: Vec<usize> = (0..words.len()).collect();
        typo_order.sort_by_key(|&i| std::cmp::Reverse(words[i].text().len()));
        Some(Query {
            typo_order,
            spaced: format!(" {text}"),
            chars: text.chars().count(),
            typo_possible: !words.is_empty() && words.iter().all(typo::Word::allows_typos),
            pattern_chars: u32::try_from(pattern_chars.max(1)).unwrap_or(u32::MAX),
            mask,
            words,
            pattern,
            text,
        })
    }

    /// How well `name` matches, looking only for the kinds of match `passes` asks for.
    fn score(&self, name: &Name<'_>, matcher: &mut Matcher, passes: Passes) -> Option<i64> {
        if !self.may_match(name) {
            return (passes.typo && self.typo(name)).then(|| kind::TYPO - self.penalty(name));
        }
        self.score_cheap(name)
            .or_else(|| self.score_costly(name, matcher, passes))
    }

    /// Whether the name has every character the query's words need: if not, it can
    /// match only with typos. One mask test rejects most names of a large graph.
    fn may_match(&self, name: &Name<'_>) -> bool {
        self.mask & !name.mask == 0
    }

    /// The kinds of match that cost more to find: typos, then subsequences.
    fn score_costly(&self, name: &Name<'_>, matcher: &mut Matcher, passes: Passes) -> Option<i64> {
        if passes.typo && self.typo(name) {
            return Some(kind::TYPO - self.penalty(name));
        }
        if passes.subsequence {
            return self.subsequence(name, matcher);
        }
        None
    }

    /// The kinds of match found by looking for the query and its words in the name.
    fn score_cheap(&self, name: &Name<'_>) -> Option<i64> {
        let text = name.text;
        if let Some(at) = find(text, &self.text) {
            if text.len() == self.text.len() {
                return Some(kind::EXACT);
            }
            let kind = if at == 0 {
                kind::PREFIX
            } else if contains(text, &self.spaced) {
                kind::WORD_PREFIX
            } else {
                kind::SUBSTRING
            };
            return Some(kind - self.penalty(name));
        }
        if self.words.len() < 2 || !self.words.iter().all(|w| contains(text, w.text())) {
            return None;
        }
        let begins_word = |w: &typo::Word| text.starts_with(w.text()) || contains(text, w.spaced());
        let kind = if self.words.iter().all(begins_word) {
            kind::ALL_PREFIXES
        } else {
            kind::ALL_WORDS
        };
        Some(kind - self.penalty(name))
    }

    /// Whether every word of the query is within a typo or two of a word of the name.
    fn typo(&self, name: &Name<'_>) -> bool {
        self.typo_possible
            && (self.typo_order.iter()).all(|&i| self.words[i].close_to_a_word_of(name))
    }

    /// Whether each word of the query is a subsequence of the name: nucleo's prefilter
    /// and greedy match, cheaper than scoring it.
    fn is_subsequence(&self, name: &Name<'_>, matcher: &mut Matcher) -> bool {
        self.pattern.atoms.iter().all(|a| {
            matcher
                .fuzzy_match_greedy(name.hay, a.needle_text())
                .is_some()
        })
    }

    /// The subsequence score: nucleo's score per character matched, scaled into the
    /// band below typos.
    fn subsequence(&self, name: &Name<'_>, matcher: &mut Matcher) -> Option<i64> {
        let raw = self.pattern.score(name.hay, matcher)?;
        let per_char = i64::from(raw.saturating_mul(8) / self.pattern_chars);
        Some(per_char.clamp(1, kind::SUBSEQUENCE_MAX))
    }

    /// Longer names rank a little below shorter ones for the same kind of match.
    fn penalty(&self, name: &Name<'_>) -> i64 {
        let extra = name.chars.saturating_sub(self.chars);
        i64::try_from(extra.min(90)).unwrap_or(90)
    }
}

/// Where `needle` first occurs in `hay`, byte by byte (which, both being UTF-8, finds
/// only whole characters): names are short, and `str::find` spent longer building its
/// searcher for each name than searching.
fn find(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let last = hay.len().checked_sub(needle.len())?;
    let mut from = 0;
    while from <= last {
        let at = from + hay[from..=last].iter().position(|&b| b == first)?;
        if hay[at + 1..at + needle.len()] == *rest {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Whether `needle` occurs in `hay` ([`find`]).
fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Kind, Node};

    fn graph() -> KnowledgeGraph {
        let mut d = Document::default();
        let mut m = Node::new("alan-milburn", "Alan Milburn", Kind::Person);
        m.aliases.push("Milburn".into());
        d.nodes.push(m);
        d.nodes.push(Node::new(
            "relational-state",
            "The relational state",
            Kind::Concept,
        ));
        d.nodes.push(Node::new(
            "beyond-whitehall",
            "Beyond Whitehall",
            Kind::Publication,
        ));
        d.nodes
            .push(Node::new("progress", "Progress", Kind::Organisation));
        d.nodes
            .push(Node::new("relations", "Labour's relations", Kind::Concept));
        KnowledgeGraph::from_document(d)
    }

    fn labels(kg: &KnowledgeGraph, q: &str) -> Vec<String> {
        search(kg, q, 10)
            .into_iter()
            .filter_map(|h| kg.node_at(h.node).map(|n| n.label.clone()))
            .collect()
    }

    #[test]
    fn word_prefix_beats_subsequence() {
        let kg = graph();
        assert_eq!(
            labels(&kg, "relational").first().map(String::as_str),
            Some("The relational state")
        );
        assert_eq!(
            labels(&kg, "prog").first().map(String::as_str),
            Some("Progress")
        );
    }

    #[test]
    fn matches_aliases_case_and_typos() {
        let kg = graph();
        assert_eq!(
            labels(&kg, "MILBURN").first().map(String::as_str),
            Some("Alan Milburn")
        );
        assert_eq!(
            labels(&kg, "milbrun").first().map(String::as_str),
            Some("Alan Milburn")
        );
        assert_eq!(
            labels(&kg, "whitehall beyond").first().map(String::as_str),
            Some("Beyond Whitehall")
        );
        assert_eq!(
            labels(&kg, "labours").first().map(String::as_str),
            Some("Labour's relations")
        );
    }

    #[test]
    fn subsequence_and_no_match() {
        let kg = graph();
        assert_eq!(
            labels(&kg, "bwh").first().map(String::as_str),
            Some("Beyond Whitehall")
        );
        assert!(labels(&kg, "zzzz").is_empty());
        assert!(labels(&kg, "  ").is_empty());
    }

    #[test]
    fn order_is_deterministic_and_limited() {
        let kg = graph();
        let a = search(&kg, "e", 3);
        assert_eq!(a.len(), 3);
        assert_eq!(a, search(&kg, "e", 3));
        for w in a.windows(2) {
            assert!(w[0].score >= w[1].score);
        }
    }

    #[test]
    fn find_finds_whole_characters() {
        assert_eq!(find("node 12345", "12"), Some(5));
        assert_eq!(find("aab", "ab"), Some(1));
        assert_eq!(find("ab", "abc"), None);
        assert_eq!(find("café au lait", "é a"), Some(3));
        assert_eq!(find("x", ""), Some(0));
        assert!(!contains("relational", "rl"));
    }

    #[test]
    fn kinds_rank_in_order() {
        let q = "relational state";
        let ranked = [
            "relational state",
            "relational state of things",
            "the relational state",
            "nonrelational state",
            "state relational",
            "state of the relational",
            "staterelational",
            "relatoinal stat",
            "rel a tional s tate",
        ];
        let scores: Vec<Option<i64>> = ranked.iter().map(|n| score(n, q)).collect();
        assert!(scores.iter().all(Option::is_some), "{scores:?}");
        for w in scores.windows(2) {
            assert!(w[0] > w[1], "{scores:?}");
        }
        assert_eq!(score("unrelated", q), None);
        assert_eq!(score("anything", ""), None);
    }
}
