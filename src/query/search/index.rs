//! The search index: every node's names normalised once and laid end to end, shortest
//! first, so that a keystroke reads them without allocating and stops as soon as the
//! names left are too long to beat the hits it has.

use std::sync::Arc;

use nucleo_matcher::Utf32Str;
use petgraph::stable_graph::NodeIndex;
use rayon::prelude::*;

use super::scan::{self, Runs};
use super::{Hit, Name, Passes, Query, kind, normalise, normalise_into, typo};
use crate::model::{KnowledgeGraph, Node};

/// Below this many nodes a build runs on the calling thread, and below this many names a
/// scan: splitting them costs more than it saves, and small searches run on the
/// window's thread.
pub(super) const PARALLEL_FROM: usize = 50_000;

/// Nodes per piece of a parallel build, names per piece of a parallel scan.
pub(super) const CHUNK: usize = 8_192;

/// A node in the index.
#[derive(Clone, Copy, Debug)]
pub(super) struct Entry {
    /// The node.
    pub(super) node: NodeIndex,
    /// Its label as written, in `orig`.
    pub(super) label: (u32, u32),
    /// The label's length in characters: shorter labels win ties.
    pub(super) label_chars: u32,
}

/// One name (a label or an alias): its node and where its texts are.
#[derive(Clone, Copy, Debug)]
pub(super) struct NameSlot {
    /// The normalised text, in `norm`.
    norm: (u32, u32),
    /// The name as written, in `orig`.
    orig: (u32, u32),
    /// The normalised text as nucleo's characters in `wide`, when it is not ASCII.
    wide: Option<(u32, u32)>,
    /// The normalised text's length in characters.
    pub(super) chars: u32,
    /// Which characters it has ([`typo::mask`]).
    mask: u64,
    /// Its node, in `entries`.
    pub(super) entry: u32,
    /// Whether it is an alias (a label wins a tie with an alias).
    pub(super) alias: bool,
}

/// Every node's label and aliases, normalised once: what a search reads.
///
/// Built from a graph at one revision ([`SearchIndex::revision`]); a graph at another
/// revision needs a new one. The names are kept shortest first: as a longer name
/// scores less for the same kind of match, a scan stops once the names left cannot
/// beat the hits it holds, which is at once for the first keystrokes of a query that
/// every node matches. Otherwise a search reads every name with no allocation per node,
/// most rejected on one mask test, split over the cores for a large graph; typos are
/// looked for only when the better kinds of match leave the list short.
#[derive(Debug, Default)]
pub struct SearchIndex {
    revision: u64,
    pub(super) entries: Vec<Entry>,
    /// Shortest first (ties in node order, label before aliases).
    pub(super) names: Vec<NameSlot>,
    /// The normalised names, end to end, in the order of `names`.
    norm: String,
    /// The names as written, end to end, in node order.
    orig: String,
    /// The normalised names that are not ASCII, as nucleo matches them.
    wide: Vec<char>,
}

/// What one search leaves for the next: its query, its hits, and the names it has not
/// ruled out. A query extending it (the next keystroke) need look only at those, as a
/// name that matches the longer query matches the shorter one (except by typos, which
/// are looked for over every name).
#[derive(Clone, Debug, Default)]
pub struct Narrowed {
    revision: u64,
    query: String,
    limit: usize,
    runs: Arc<Runs>,
    hits: Vec<Hit>,
}

impl Narrowed {
    /// How many names the next keystroke has to look at again.
    pub fn candidates(&self) -> usize {
        self.runs.positions()
    }
}

impl SearchIndex {
    /// Indexes every node of `kg`.
    ///
    /// # Complexity
    /// O(total length of labels and aliases) plus a sort of the names by length, split
    /// over the cores from [`PARALLEL_FROM`] nodes.
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
            whole.entries.reserve(nodes.len());
            whole
                .names
                .reserve(parts.iter().map(|p| p.names.len()).sum());
            whole.norm.reserve(parts.iter().map(|p| p.norm.len()).sum());
            whole.orig.reserve(parts.iter().map(|p| p.orig.len()).sum());
            for part in parts {
                whole.append(part);
            }
            whole
        };
        index.shortest_first();
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
    /// search left, a query that extends its query looks again only at the names it did
    /// not rule out, and the same query again costs nothing. Returns the hits and what
    /// this search leaves for the next.
    pub fn search_from(
        &self,
        query: &str,
        limit: usize,
        before: Option<&Narrowed>,
    ) -> (Vec<Hit>, Narrowed) {
        self.run(query, limit, before, true)
    }

    /// A search; `collect` keeps the names not ruled out, for the next keystroke.
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
        let all = Runs::all(self.names.len());
        let runs = match before.filter(|b| q.text.starts_with(&b.query)) {
            Some(b) => &b.runs,
            None => &all,
        };
        let no_typos = Passes {
            typo: false,
            subsequence: true,
        };
        let (mut top, left) = scan::scan(self, &q, runs, limit, no_typos, collect);
        if q.typo_possible && !top.full_above(kind::TYPO * 2) {
            // Typos rank above subsequences: a second pass over every name, as a typo
            // need not match the shorter query.
            top = scan::scan(self, &q, &all, limit, Passes::ALL, false).0;
        }
        let hits = top.hits(self);
        let narrowed = Narrowed {
            revision: self.revision,
            limit,
            runs: Arc::new(left),
            hits: hits.clone(),
            query: q.text,
        };
        (hits, narrowed)
    }

    /// Name `n` (a position in `names`) as the scorer reads it.
    pub(super) fn name(&self, n: usize) -> Name<'_> {
        let slot = &self.names[n];
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
    pub(super) fn original(&self, n: usize) -> &str {
        let (a, b) = self.names[n].orig;
        &self.orig[a as usize..b as usize]
    }

    /// The label of entry `e` as written.
    pub(super) fn label(&self, e: usize) -> &str {
        let (a, b) = self.entries[e].label;
        &self.orig[a as usize..b as usize]
    }

    /// The index of `nodes` alone, names in node order (revision unset).
    fn of<'a>(nodes: &[(NodeIndex, &'a Node)]) -> Self {
        let mut index = SearchIndex::default();
        let names = |n: &'a Node| std::iter::once(&n.label).chain(&n.aliases);
        let bytes: usize = nodes
            .iter()
            .flat_map(|&(_, n)| names(n))
            .map(String::len)
            .sum();
        index.entries.reserve(nodes.len());
        index
            .names
            .reserve(nodes.iter().map(|(_, n)| 1 + n.aliases.len()).sum());
        index.norm.reserve(bytes);
        index.orig.reserve(bytes);
        let mut wide = Vec::new();
        for &(ix, node) in nodes {
            let entry = offset(index.entries.len());
            let label_at = offset(index.orig.len());
            for (i, name) in names(node).enumerate() {
                index.push_name(name, entry, i > 0, &mut wide);
            }
            index.entries.push(Entry {
                node: ix,
                label: (label_at, label_at + offset(node.label.len())),
                label_chars: offset(node.label.chars().count()),
            });
        }
        index
    }

    /// Adds one name of entry `entry`, normalised; `buf` is scratch for nucleo.
    fn push_name(&mut self, name: &str, entry: u32, alias: bool, buf: &mut Vec<char>) {
        let n0 = offset(self.norm.len());
        normalise_into(name, &mut self.norm);
        let norm = &self.norm[n0 as usize..];
        let wide = match Utf32Str::new(norm, buf) {
            Utf32Str::Ascii(_) => None,
            Utf32Str::Unicode(chars) => {
                let start = offset(self.wide.len());
                self.wide.extend_from_slice(chars);
                Some((start, offset(self.wide.len())))
            }
        };
        let (chars, mask) = (offset(norm.chars().count()), typo::mask(norm));
        let o0 = offset(self.orig.len());
        self.orig.push_str(name);
        self.names.push(NameSlot {
            norm: (n0, offset(self.norm.len())),
            orig: (o0, offset(self.orig.len())),
            wide,
            chars,
            mask,
            entry,
            alias,
        });
    }

    /// Appends `other`'s nodes after this index's, moving its offsets along.
    fn append(&mut self, other: SearchIndex) {
        let entries = offset(self.entries.len());
        let (norm, orig, wide) = (
            offset(self.norm.len()),
            offset(self.orig.len()),
            offset(self.wide.len()),
        );
        self.entries
            .extend(other.entries.into_iter().map(|e| Entry {
                label: (e.label.0 + orig, e.label.1 + orig),
                ..e
            }));
        self.names.extend(other.names.into_iter().map(|s| NameSlot {
            norm: (s.norm.0 + norm, s.norm.1 + norm),
            orig: (s.orig.0 + orig, s.orig.1 + orig),
            wide: s.wide.map(|(a, b)| (a + wide, b + wide)),
            entry: s.entry + entries,
            ..s
        }));
        self.norm.push_str(&other.norm);
        self.orig.push_str(&other.orig);
        self.wide.extend(other.wide);
    }

    /// Orders the names shortest first (a stable order: ties stay in node order) and
    /// lays their normalised texts out in that order, so a scan reads memory in order.
    fn shortest_first(&mut self) {
        let mut order: Vec<u32> = (0..offset(self.names.len())).collect();
        let key = |&i: &u32| (self.names[i as usize].chars, i);
        if order.len() < PARALLEL_FROM {
            order.sort_unstable_by_key(key);
        } else {
            order.par_sort_unstable_by_key(key);
        }
        let mut norm = String::with_capacity(self.norm.len());
        let names = order
            .iter()
            .map(|&i| {
                let mut slot = self.names[i as usize];
                let start = offset(norm.len());
                norm.push_str(&self.norm[slot.norm.0 as usize..slot.norm.1 as usize]);
                slot.norm = (start, offset(norm.len()));
                slot
            })
            .collect();
        (self.names, self.norm) = (names, norm);
    }
}

/// An offset into the index's texts. They are bounded by the input's size
/// ([`crate::limits::MAX_INPUT_BYTES`], 1 GiB), so they fit in 32 bits.
pub(super) fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
