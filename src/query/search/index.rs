//! The search index: every node's names normalised once, laid end to end, so that a
//! keystroke reads them without allocating, on both cores for a large graph.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::Arc;

use nucleo_matcher::{Config, Matcher, Utf32Str};
use petgraph::stable_graph::NodeIndex;
use rayon::prelude::*;

use super::{Hit, Name, Passes, Query, kind, normalise, typo};
use crate::model::{KnowledgeGraph, Node};

/// Below this many nodes a scan or a build runs on the calling thread: splitting it
/// costs more than it saves, and small searches run on the window's thread.
const PARALLEL_FROM: usize = 50_000;

/// Nodes per piece of a parallel scan or build.
const CHUNK: usize = 8_192;

/// A node's place in the index.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The node.
    node: NodeIndex,
    /// Its first name (the label) in `names`; its aliases follow.
    first_name: u32,
    /// The label's length in characters: shorter labels win ties.
    label_chars: u32,
}

/// One name (a label or an alias): where its texts are.
#[derive(Clone, Copy, Debug)]
struct NameSlot {
    /// The normalised text, in `norm`.
    norm: (u32, u32),
    /// The name as written, in `orig`.
    orig: (u32, u32),
    /// The normalised text as nucleo's characters in `wide`, when it is not ASCII.
    wide: Option<(u32, u32)>,
    /// The normalised text's length in characters.
    chars: u32,
    /// Which characters it has (for the typo check).
    mask: u64,
}

/// Every node's label and aliases, normalised once: what a search reads.
///
/// Built from a graph at one revision ([`SearchIndex::revision`]); a graph at another
/// revision needs a new one. Building it is linear in the length of the names (in
/// parallel for a large graph); a search is a scan of every name with no allocation
/// per node, split over the cores for a large graph, with typos looked for only
/// when the better kinds of match leave the list short.
#[derive(Debug, Default)]
pub struct SearchIndex {
    revision: u64,
    entries: Vec<Entry>,
    names: Vec<NameSlot>,
    /// The normalised names, end to end.
    norm: String,
    /// The names as written, end to end.
    orig: String,
    /// The normalised names that are not ASCII, as nucleo matches them.
    wide: Vec<char>,
}

/// What one search leaves for the next: its query, its hits, and the nodes its words
/// matched. A query that extends it (the next keystroke) need only look at those nodes
/// again, as any node matching the longer query matched the shorter one, but for typos,
/// which are looked for over the whole graph.
#[derive(Clone, Debug, Default)]
pub struct Narrowed {
    revision: u64,
    query: String,
    limit: usize,
    candidates: Arc<Vec<u32>>,
    hits: Vec<Hit>,
}

impl Narrowed {
    /// How many nodes the next keystroke has to look at again.
    pub fn candidates(&self) -> usize {
        self.candidates.len()
    }
}

/// Where a scan looks: every entry, or the ones a shorter query matched.
#[derive(Clone, Copy)]
enum Slots<'a> {
    All(usize),
    Some(&'a [u32]),
}

impl Slots<'_> {
    fn len(self) -> usize {
        match self {
            Slots::All(n) => n,
            Slots::Some(s) => s.len(),
        }
    }

    fn get(self, i: usize) -> u32 {
        match self {
            Slots::All(_) => u32::try_from(i).unwrap_or(u32::MAX),
            Slots::Some(s) => s[i],
        }
    }
}

/// A candidate hit: an entry, its best name and score.
#[derive(Clone, Copy, Debug)]
struct Cand {
    score: i64,
    label_chars: u32,
    entry: u32,
    name: u32,
}

/// The best `limit` candidates, best first.
struct TopK {
    limit: usize,
    items: Vec<Cand>,
}

/// What a scan of part of the index found.
struct Scan {
    top: TopK,
    /// How many entries matched better than any typo can.
    better_than_typos: usize,
    /// The entries whose names the query's words matched (when asked for).
    candidates: Vec<u32>,
}

impl SearchIndex {
    /// Indexes every node of `kg`.
    ///
    /// # Complexity
    /// O(total length of labels and aliases), split over the cores from
    /// [`PARALLEL_FROM`] nodes.
    pub fn build(kg: &KnowledgeGraph) -> Self {
        let nodes: Vec<(NodeIndex, &Node)> = kg
            .node_indices()
            .filter_map(|ix| Some((ix, kg.node_at(ix)?)))
            .collect();
        let mut index = if nodes.len() < PARALLEL_FROM {
            Self::of(&nodes)
        } else {
            let parts: Vec<SearchIndex> = nodes.par_chunks(CHUNK).map(Self::of).collect();
            let mut whole = SearchIndex::default();
            for part in parts {
                whole.append(part);
            }
            whole
        };
        index.revision = kg.revision();
        index
    }

    /// The graph revision the index was built from.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The number of nodes indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no node is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Searches labels and aliases, best first, at most `limit` hits: as
    /// [`super::search`] on the graph the index was built from.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.run(query, limit, None, false).0
    }

    /// As [`SearchIndex::search`], as one keystroke of several: given what the last
    /// search left, a query that extends its query looks again only at the nodes that
    /// matched it, and the same query again costs nothing. Returns the hits and what
    /// this search leaves for the next.
    pub fn search_from(
        &self,
        query: &str,
        limit: usize,
        before: Option<&Narrowed>,
    ) -> (Vec<Hit>, Narrowed) {
        self.run(query, limit, before, true)
    }

    /// A search; `collect` keeps the matched nodes for the next keystroke.
    fn run(
        &self,
        query: &str,
        limit: usize,
        before: Option<&Narrowed>,
        collect: bool,
    ) -> (Vec<Hit>, Narrowed) {
        let Some(q) = Query::new(normalise(query)).filter(|_| limit > 0) else {
            return (Vec::new(), Narrowed::default());
        };
        let before = before.filter(|b| b.revision == self.revision && !b.query.is_empty());
        if let Some(b) = before.filter(|b| b.query == q.text && b.limit == limit) {
            return (b.hits.clone(), b.clone());
        }
        let slots = match before.filter(|b| q.text.starts_with(&b.query)) {
            Some(b) => Slots::Some(&b.candidates),
            None => Slots::All(self.entries.len()),
        };
        let no_typos = Passes {
            typo: false,
            subsequence: true,
        };
        let mut scan = self.scan(&q, slots, limit, no_typos, collect);
        if scan.better_than_typos < limit && q.typo_possible {
            // Typos rank above subsequences: a second pass over every node, as a typo
            // need not match the shorter query.
            let all = self.scan(
                &q,
                Slots::All(self.entries.len()),
                limit,
                Passes::ALL,
                false,
            );
            scan.top = all.top;
        }
        let hits = self.hits(&scan.top);
        let narrowed = Narrowed {
            revision: self.revision,
            limit,
            candidates: Arc::new(scan.candidates),
            hits: hits.clone(),
            query: q.text,
        };
        (hits, narrowed)
    }

    /// Scores the entries at `slots`, in parallel when there are many.
    fn scan(
        &self,
        q: &Query,
        slots: Slots<'_>,
        limit: usize,
        passes: Passes,
        collect: bool,
    ) -> Scan {
        let len = slots.len();
        if len < PARALLEL_FROM {
            return self.scan_range(q, slots, 0..len, limit, passes, collect, &mut matcher());
        }
        let ranges: Vec<Range<usize>> = (0..len)
            .step_by(CHUNK)
            .map(|s| s..(s + CHUNK).min(len))
            .collect();
        let parts: Vec<Scan> = ranges
            .into_par_iter()
            .map_init(matcher, |m, r| {
                self.scan_range(q, slots, r, limit, passes, collect, m)
            })
            .collect();
        let mut whole = Scan {
            top: TopK::new(limit),
            better_than_typos: 0,
            candidates: Vec::new(),
        };
        for part in parts {
            for c in part.top.items {
                whole.top.offer(c, self);
            }
            whole.better_than_typos += part.better_than_typos;
            whole.candidates.extend(part.candidates);
        }
        whole
    }

    /// Scores the entries at `slots[range]`.
    #[allow(clippy::too_many_arguments)]
    fn scan_range(
        &self,
        q: &Query,
        slots: Slots<'_>,
        range: Range<usize>,
        limit: usize,
        passes: Passes,
        collect: bool,
        m: &mut Matcher,
    ) -> Scan {
        let mut scan = Scan {
            top: TopK::new(limit),
            better_than_typos: 0,
            candidates: Vec::new(),
        };
        for i in range {
            let e = slots.get(i);
            // The costlier kinds are skipped once the list is full of better hits.
            let worst = scan.top.worst();
            let now = Passes {
                typo: passes.typo && worst.is_none_or(|w| w <= kind::TYPO * 2),
                subsequence: worst.is_none_or(|w| w <= kind::SUBSEQUENCE_MAX * 2),
            };
            let (best, matched) = self.score_entry(e, q, m, now, collect);
            if matched && collect {
                scan.candidates.push(e);
            }
            if let Some(c) = best {
                if c.score > kind::TYPO * 2 {
                    scan.better_than_typos += 1;
                }
                scan.top.offer(c, self);
            }
        }
        scan
    }

    /// The best-scoring name of entry `e`, and whether the query's words matched one of
    /// its names as subsequences (worked out only when `collect` asks for it).
    fn score_entry(
        &self,
        e: u32,
        q: &Query,
        m: &mut Matcher,
        passes: Passes,
        collect: bool,
    ) -> (Option<Cand>, bool) {
        let entry = self.entries[e as usize];
        let mut best: Option<Cand> = None;
        let mut matched = false;
        for (i, n) in self.name_range(e as usize).enumerate() {
            let name = self.name(n);
            let cheap = q.score_cheap(&name);
            let s = cheap.or_else(|| q.score_costly(&name, m, passes));
            // Every word found in the name is a subsequence of it: no need to ask nucleo.
            matched = matched || cheap.is_some() || (collect && q.is_subsequence(&name, m));
            let Some(s) = s else { continue };
            // The label wins a tie with an alias.
            let score = s * 2 - i64::from(i > 0);
            if best.is_none_or(|b| score > b.score) {
                best = Some(Cand {
                    score,
                    label_chars: entry.label_chars,
                    entry: e,
                    name: u32::try_from(n).unwrap_or(u32::MAX),
                });
            }
        }
        (best, matched)
    }

    /// The names of entry `e`, as positions in `names`.
    fn name_range(&self, e: usize) -> Range<usize> {
        let start = self.entries[e].first_name as usize;
        let end = self
            .entries
            .get(e + 1)
            .map_or(self.names.len(), |n| n.first_name as usize);
        start..end
    }

    /// Name `n` as the scorer reads it.
    fn name(&self, n: usize) -> Name<'_> {
        let slot = self.names[n];
        let text = &self.norm[slot.norm.0 as usize..slot.norm.1 as usize];
        let hay = match slot.wide {
            Some((a, b)) => Utf32Str::Unicode(&self.wide[a as usize..b as usize]),
            None => Utf32Str::Ascii(text.as_bytes()),
        };
        Name {
            text,
            hay,
            chars: slot.chars as usize,
            mask: slot.mask,
        }
    }

    /// Name `n` as written.
    fn original(&self, n: usize) -> &str {
        let (a, b) = self.names[n].orig;
        &self.orig[a as usize..b as usize]
    }

    /// The hits of the best candidates.
    fn hits(&self, top: &TopK) -> Vec<Hit> {
        top.items
            .iter()
            .map(|c| Hit {
                node: self.entries[c.entry as usize].node,
                score: c.score,
                matched: self.original(c.name as usize).to_owned(),
            })
            .collect()
    }

    /// Orders candidates best first: score, then shorter label, then label, then node
    /// index, so the order is total and the same on every run.
    fn order(&self, a: &Cand, b: &Cand) -> Ordering {
        let label = |c: &Cand| {
            let first = self.entries[c.entry as usize].first_name as usize;
            self.original(first)
        };
        let node = |c: &Cand| self.entries[c.entry as usize].node.index();
        b.score
            .cmp(&a.score)
            .then(a.label_chars.cmp(&b.label_chars))
            .then_with(|| label(a).cmp(label(b)))
            .then_with(|| node(a).cmp(&node(b)))
    }

    /// The index of `nodes` alone (revision unset).
    fn of(nodes: &[(NodeIndex, &Node)]) -> Self {
        let mut index = SearchIndex::default();
        let mut wide = Vec::new();
        for &(ix, node) in nodes {
            index.entries.push(Entry {
                node: ix,
                first_name: offset(index.names.len()),
                label_chars: offset(node.label.chars().count()),
            });
            for name in std::iter::once(&node.label).chain(&node.aliases) {
                index.push_name(name, &mut wide);
            }
        }
        index
    }

    /// Adds one name, normalised; `buf` is scratch for nucleo's characters.
    fn push_name(&mut self, name: &str, buf: &mut Vec<char>) {
        let norm = normalise(name);
        let wide = match Utf32Str::new(&norm, buf) {
            Utf32Str::Ascii(_) => None,
            Utf32Str::Unicode(chars) => {
                let start = offset(self.wide.len());
                self.wide.extend_from_slice(chars);
                Some((start, offset(self.wide.len())))
            }
        };
        let (n0, o0) = (offset(self.norm.len()), offset(self.orig.len()));
        self.norm.push_str(&norm);
        self.orig.push_str(name);
        self.names.push(NameSlot {
            norm: (n0, offset(self.norm.len())),
            orig: (o0, offset(self.orig.len())),
            wide,
            chars: offset(norm.chars().count()),
            mask: typo::mask(&norm),
        });
    }

    /// Appends `other`'s nodes after this index's, moving its offsets along.
    fn append(&mut self, other: SearchIndex) {
        let names = offset(self.names.len());
        let (norm, orig, wide) = (
            offset(self.norm.len()),
            offset(self.orig.len()),
            offset(self.wide.len()),
        );
        self.entries
            .extend(other.entries.into_iter().map(|e| Entry {
                first_name: e.first_name + names,
                ..e
            }));
        self.names.extend(other.names.into_iter().map(|s| NameSlot {
            norm: (s.norm.0 + norm, s.norm.1 + norm),
            orig: (s.orig.0 + orig, s.orig.1 + orig),
            wide: s.wide.map(|(a, b)| (a + wide, b + wide)),
            ..s
        }));
        self.norm.push_str(&other.norm);
        self.orig.push_str(&other.orig);
        self.wide.extend(other.wide);
    }
}

/// An offset into the index's texts. They are bounded by the input's size
/// ([`crate::limits::MAX_INPUT_BYTES`], 1 GiB), so they fit in 32 bits.
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A matcher for normalised text: both sides are lower case already.
fn matcher() -> Matcher {
    let mut config = Config::DEFAULT;
    config.ignore_case = false;
    config.normalize = false;
    Matcher::new(config)
}

impl TopK {
    fn new(limit: usize) -> Self {
        TopK {
            limit,
            items: Vec::with_capacity(limit + 1),
        }
    }

    /// The worst score kept, once the list is full: nothing scoring less gets in.
    fn worst(&self) -> Option<i64> {
        (self.items.len() >= self.limit)
            .then(|| self.items.last().map(|c| c.score))
            .flatten()
    }

    /// Keeps `c` if it is among the best `limit`.
    fn offer(&mut self, c: Cand, index: &SearchIndex) {
        if self.worst().is_some_and(|w| c.score < w) {
            return;
        }
        let at = self
            .items
            .partition_point(|k| index.order(k, &c) == Ordering::Less);
        if at < self.limit {
            self.items.insert(at, c);
            self.items.truncate(self.limit);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::generate::{Model, generate};
    use crate::model::{Document, Kind};

    /// The straightforward search: every name of every node scored on its own, all of
    /// them sorted.
    fn plain(kg: &KnowledgeGraph, query: &str, limit: usize) -> Vec<Hit> {
        let query = normalise(query);
        let mut hits: Vec<(Hit, usize, String)> = Vec::new();
        for ix in kg.node_indices() {
            let Some(node) = kg.node_at(ix) else { continue };
            let mut best: Option<(i64, &String)> = None;
            for (i, name) in std::iter::once(&node.label)
                .chain(&node.aliases)
                .enumerate()
            {
                let Some(s) = super::super::score(name, &query) else {
                    continue;
                };
                let s = s * 2 - i64::from(i > 0);
                if best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, name));
                }
            }
            if let Some((score, name)) = best {
                let hit = Hit {
                    node: ix,
                    score,
                    matched: name.clone(),
                };
                hits.push((hit, node.label.chars().count(), node.label.clone()));
            }
        }
        hits.sort_by(|(a, al, an), (b, bl, bn)| {
            (b.score.cmp(&a.score))
                .then(al.cmp(bl))
                .then(an.cmp(bn))
                .then(a.node.index().cmp(&b.node.index()))
        });
        hits.into_iter().take(limit).map(|(h, ..)| h).collect()
    }

    fn graph(names: &[(String, Vec<String>)]) -> KnowledgeGraph {
        let mut d = Document::default();
        for (i, (label, aliases)) in names.iter().enumerate() {
            let mut n = Node::new(format!("n{i}"), label.clone(), Kind::Concept);
            n.aliases = aliases.clone();
            d.nodes.push(n);
        }
        KnowledgeGraph::from_document(d)
    }

    /// Each keystroke of `query`, through one chain of narrowed searches.
    fn typed(index: &SearchIndex, query: &str, limit: usize) -> Vec<Vec<Hit>> {
        let mut before: Option<Narrowed> = None;
        let mut out = Vec::new();
        for (end, _) in query.char_indices().skip(1).chain([(query.len(), ' ')]) {
            let (hits, next) = index.search_from(&query[..end], limit, before.as_ref());
            out.push(hits);
            before = Some(next);
        }
        out
    }

    fn word() -> impl Strategy<Value = String> {
        "[abcdé]{1,6}"
    }

    fn name() -> impl Strategy<Value = String> {
        prop::collection::vec(word(), 1..4).prop_map(|w| w.join(" "))
    }

    proptest! {
        /// The index finds what scoring every name finds, in the same order; so does
        /// each keystroke of a query narrowed from the one before.
        #[test]
        fn index_agrees_with_scoring_every_name(
            names in prop::collection::vec((name(), prop::collection::vec(name(), 0..2)), 1..30),
            query in "[abcdé ]{1,9}",
            limit in 1usize..6,
        ) {
            let kg = graph(&names);
            let index = SearchIndex::build(&kg);
            prop_assert_eq!(index.search(&query, limit), plain(&kg, &query, limit));
            let stepped = typed(&index, &query, limit);
            for (end, hits) in query.char_indices().skip(1).map(|(e, _)| e).chain([query.len()]).zip(stepped) {
                prop_assert_eq!(hits, plain(&kg, &query[..end], limit), "{:?}", &query[..end]);
            }
        }
    }

    /// A graph large enough to be built and scanned in parallel pieces gives the same
    /// hits as scoring every name, typos and narrowing included.
    #[test]
    fn the_parallel_scan_agrees_with_scoring_every_name() {
        let mut doc = generate(Model::Communities, 60_000, 0, 3);
        for (i, n) in doc.nodes.iter_mut().enumerate().step_by(7) {
            n.aliases.push(format!("Alias {} Ωmega", i * 31 % 1000));
        }
        let kg = KnowledgeGraph::from_document(doc);
        let index = SearchIndex::build(&kg);
        assert_eq!(index.len(), kg.num_nodes());
        for query in [
            "node 4242",
            "alias 99",
            "nodr 5999",
            "ωmega 1",
            "n 59 9",
            "zzz",
        ] {
            assert_eq!(index.search(query, 8), plain(&kg, query, 8), "{query}");
        }
        let stepped = typed(&index, "node 12345", 8);
        assert_eq!(stepped.last(), Some(&plain(&kg, "node 12345", 8)));
    }
}
