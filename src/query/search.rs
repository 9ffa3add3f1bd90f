//! Fuzzy search over node labels and aliases: a pure function, no egui.
//!
//! A query matches a name when the whole query is a prefix, a word prefix or a
//! substring of it, when every word of the query is found in it, when the query's
//! letters appear in order (a subsequence), or when each query word is within one or
//! two typos of a word of the name. Better kinds of match score higher.

use petgraph::stable_graph::NodeIndex;

use crate::model::KnowledgeGraph;

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
/// O(N · A · L²) for N nodes with A names of length L each (the typo check is the
/// quadratic part); fine for interactive use on graphs of thousands of nodes.
pub fn search(kg: &KnowledgeGraph, query: &str, limit: usize) -> Vec<Hit> {
    let query = normalise(query);
    if query.is_empty() || limit == 0 {
        return Vec::new();
    }
    let mut hits: Vec<(Hit, usize, &str)> = Vec::new();
    for ix in kg.node_indices() {
        let Some(node) = kg.node_at(ix) else {
            continue;
        };
        let names = std::iter::once(&node.label).chain(node.aliases.iter());
        let best = names
            .enumerate()
            .filter_map(|(i, name)| {
                // The label wins a tie with an alias.
                score(name, &query).map(|s| (s * 2 - i64::from(i > 0), name))
            })
            .max_by_key(|&(s, _)| s);
        if let Some((s, name)) = best {
            let hit = Hit {
                node: ix,
                score: s,
                matched: name.clone(),
            };
            hits.push((hit, node.label.chars().count(), node.label.as_str()));
        }
    }
    hits.sort_by(|(a, alen, alabel), (b, blen, blabel)| {
        b.score
            .cmp(&a.score)
            .then(alen.cmp(blen))
            .then(alabel.cmp(blabel))
            .then(a.node.index().cmp(&b.node.index()))
    });
    hits.truncate(limit);
    hits.into_iter().map(|(h, ..)| h).collect()
}

/// How well `name` matches an already [`normalise`]d `query`, or `None`.
pub fn score(name: &str, query: &str) -> Option<i64> {
    let name = normalise(name);
    if query.is_empty() {
        return None;
    }
    if name == query {
        return Some(1000);
    }
    if name.starts_with(query) {
        return Some(900 - length_penalty(&name, query));
    }
    let words: Vec<&str> = name.split(' ').collect();
    if words.iter().any(|w| w.starts_with(query)) || name.contains(&format!(" {query}")) {
        return Some(800 - length_penalty(&name, query));
    }
    if name.contains(query) {
        return Some(700 - length_penalty(&name, query));
    }
    let query_words: Vec<&str> = query.split(' ').filter(|w| !w.is_empty()).collect();
    if query_words.len() > 1
        && query_words
            .iter()
            .all(|q| words.iter().any(|w| w.starts_with(q)))
    {
        return Some(600 - length_penalty(&name, query));
    }
    if query_words.len() > 1 && query_words.iter().all(|q| name.contains(q)) {
        return Some(500 - length_penalty(&name, query));
    }
    if query_words
        .iter()
        .all(|q| words.iter().any(|w| close_enough(w, q)))
    {
        return Some(400 - length_penalty(&name, query));
    }
    subsequence_score(&name, query)
}

/// Lower case, with runs of whitespace and punctuation collapsed to one space.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if c == '\'' || c == '\u{2019}' {
            // "Labour's" matches "labours".
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Longer names rank a little below shorter ones for the same kind of match.
fn length_penalty(name: &str, query: &str) -> i64 {
    let extra = name.chars().count().saturating_sub(query.chars().count());
    i64::try_from(extra.min(90)).unwrap_or(90)
}

/// A word within one typo (two for long words) of the query word, or a prefix that is.
fn close_enough(word: &str, q: &str) -> bool {
    let qn = q.chars().count();
    if qn < 4 {
        return false;
    }
    let allowed = if qn >= 8 { 2 } else { 1 };
    let prefix: String = word.chars().take(qn).collect();
    osa_distance(word, q) <= allowed || osa_distance(&prefix, q) <= allowed
}

/// Optimal string alignment distance: edits, with adjacent swaps counted once.
fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, slot) in d.iter_mut().enumerate().take(w) {
        *slot = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// The query's characters in order within the name; consecutive runs and word starts
/// score more, gaps less. Scores stay below every other kind of match.
fn subsequence_score(name: &str, query: &str) -> Option<i64> {
    let name: Vec<char> = name.chars().collect();
    let mut score: i64 = 300;
    let mut prev: Option<usize> = None;
    let mut from = 0;
    for qc in query.chars().filter(|c| *c != ' ') {
        let found = name.get(from..)?.iter().position(|&c| c == qc)? + from;
        let word_start = found == 0 || name.get(found - 1) == Some(&' ');
        match prev {
            Some(p) if p + 1 == found => score += 6,
            Some(p) => score -= i64::try_from(found - p).unwrap_or(50).min(20),
            None => score -= i64::try_from(found).unwrap_or(50).min(20),
        }
        if word_start {
            score += 8;
        }
        prev = Some(found);
        from = found + 1;
    }
    Some(score.clamp(1, 399))
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
    fn osa_counts_swaps_once() {
        assert_eq!(osa_distance("milburn", "milbrun"), 1);
        assert_eq!(osa_distance("", "abc"), 3);
        assert_eq!(osa_distance("kitten", "sitting"), 3);
    }
}
