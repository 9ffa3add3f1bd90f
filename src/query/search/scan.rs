//! One scan of a [`SearchIndex`]: the names at some positions scored against a query,
//! the best `limit` nodes kept. The names are shortest first, so the scan stops once
//! a name is too long to beat the worst hit kept; a parallel scan's pieces share their
//! worst kept hit, so the later pieces (the longer names) stop as soon as the first
//! one has found enough.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::atomic::{self, AtomicI64};

use nucleo_matcher::{Config, Matcher};
use rayon::prelude::*;

use super::index::{CHUNK, PARALLEL_FROM, SearchIndex, offset};
use super::{Hit, Passes, Query, kind};

/// Positions in the index's names, in order, as runs of consecutive positions, none
/// longer than [`CHUNK`] (so a parallel scan can share them out).
#[derive(Clone, Debug, Default)]
pub(super) struct Runs {
    runs: Vec<Range<u32>>,
}

impl Runs {
    /// Every position below `n`.
    pub(super) fn all(n: usize) -> Self {
        let mut runs = Runs::default();
        for start in (0..n).step_by(CHUNK) {
            runs.push_range(offset(start)..offset((start + CHUNK).min(n)));
        }
        runs
    }

    /// How many positions there are.
    pub(super) fn positions(&self) -> usize {
        self.runs.iter().map(|r| r.len()).sum()
    }

    /// Adds positions after the last ones, joining the last run if they follow it.
    fn push_range(&mut self, r: Range<u32>) {
        match self.runs.last_mut() {
            Some(last) if last.end == r.start && last.len() + r.len() <= CHUNK => {
                last.end = r.end;
            }
            _ if r.is_empty() => {}
            _ => self.runs.push(r),
        }
    }

    /// The runs in groups of about [`CHUNK`] positions, one group a piece of a scan.
    fn pieces(&self) -> Vec<&[Range<u32>]> {
        let mut pieces = Vec::new();
        let (mut start, mut count) = (0, 0);
        for (i, r) in self.runs.iter().enumerate() {
            count += r.len();
            if count >= CHUNK {
                pieces.push(&self.runs[start..=i]);
                (start, count) = (i + 1, 0);
            }
        }
        if start < self.runs.len() {
            pieces.push(&self.runs[start..]);
        }
        pieces
    }
}

/// A candidate hit: a node, its best name so far, and that name's score (doubled, less
/// one for an alias, so a label wins a tie with an alias).
#[derive(Clone, Copy, Debug)]
struct Cand {
    score: i64,
    label_chars: u32,
    entry: u32,
    name: u32,
}

/// The best `limit` nodes found, best first, each once.
pub(super) struct TopK {
    limit: usize,
    items: Vec<Cand>,
}

/// Scans the names at `runs` for `q`, looking only for the kinds of match `passes` asks
/// for; returns the best `limit` nodes and, when `collect` asks, the positions not
/// ruled out for a query extending `q`.
pub(super) fn scan(
    index: &SearchIndex,
    q: &Query,
    runs: &Runs,
    limit: usize,
    passes: Passes,
    collect: bool,
) -> (TopK, Runs) {
    let bar = AtomicI64::new(i64::MIN);
    let piece = |m: &mut Matcher, runs: &[Range<u32>]| {
        let mut scan = Piece {
            index,
            q,
            passes,
            collect,
            bar: &bar,
            top: TopK::new(limit),
            left: Runs::default(),
        };
        scan.run(runs, m);
        (scan.top, scan.left)
    };
    if runs.positions() < PARALLEL_FROM {
        return piece(&mut matcher(), &runs.runs);
    }
    let parts: Vec<(TopK, Runs)> = runs
        .pieces()
        .into_par_iter()
        .map_init(matcher, |m, runs| piece(m, runs))
        .collect();
    let (mut top, mut left) = (TopK::new(limit), Runs::default());
    for (part, part_left) in parts {
        for c in part.items {
            top.offer(c, index);
        }
        for r in part_left.runs {
            left.push_range(r);
        }
    }
    (top, left)
}

/// One piece of a scan, on one thread.
struct Piece<'a> {
    index: &'a SearchIndex,
    q: &'a Query,
    passes: Passes,
    collect: bool,
    /// The best worst-kept score of any piece with a full list: nothing below it can
    /// be among the hits.
    bar: &'a AtomicI64,
    top: TopK,
    left: Runs,
}

impl Piece<'_> {
    /// Scores the names at `runs` in order, stopping at the first too long to count.
    fn run(&mut self, runs: &[Range<u32>], m: &mut Matcher) {
        for (i, run) in runs.iter().enumerate() {
            for p in run.clone() {
                let bar = self.top.worst().unwrap_or(i64::MIN);
                let bar = bar.max(self.bar.load(atomic::Ordering::Relaxed));
                let chars = self.index.names[p as usize].chars;
                if bar > 2 * best_possible(chars as usize, self.q) {
                    // Every name from here on is at least as long.
                    if self.collect {
                        self.left.push_range(p..run.end);
                        runs[i + 1..]
                            .iter()
                            .for_each(|r| self.left.push_range(r.clone()));
                    }
                    return;
                }
                // The costlier kinds are skipped when no such match could get in.
                let passes = Passes {
                    typo: self.passes.typo && bar <= kind::TYPO * 2,
                    subsequence: self.passes.subsequence && bar <= kind::SUBSEQUENCE_MAX * 2,
                };
                self.score(p as usize, passes, m);
            }
        }
    }

    /// Scores name `p` and keeps it if it is among the best so far.
    fn score(&mut self, p: usize, passes: Passes, m: &mut Matcher) {
        let (index, q) = (self.index, self.q);
        let name = index.name(p);
        let slot = &index.names[p];
        let score = if q.may_match(&name) {
            let cheap = q.score_cheap(&name);
            // A name whose words were all found matches each word as a subsequence.
            if self.collect && (cheap.is_some() || q.is_subsequence(&name, m)) {
                self.left.push_range(offset(p)..offset(p + 1));
            }
            cheap.or_else(|| q.score_costly(&name, m, passes))
        } else {
            // Not even a subsequence: a typo at most.
            (passes.typo && q.typo(&name)).then(|| kind::TYPO - q.penalty(&name))
        };
        let Some(score) = score else { return };
        let c = Cand {
            score: score * 2 - i64::from(slot.alias),
            label_chars: index.entries[slot.entry as usize].label_chars,
            entry: slot.entry,
            name: offset(p),
        };
        if self.top.offer(c, index)
            && let Some(worst) = self.top.worst()
        {
            self.bar.fetch_max(worst, atomic::Ordering::Relaxed);
        }
    }
}

/// The best score a name of `chars` characters or more can have: exact if as long as
/// the query, a prefix less the length penalty if longer (and shorter names come first,
/// so for them the query's own length still lies ahead).
fn best_possible(chars: usize, q: &Query) -> i64 {
    if chars <= q.chars {
        kind::EXACT
    } else {
        kind::PREFIX - i64::try_from((chars - q.chars).min(90)).unwrap_or(90)
    }
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

    /// Whether the list is full of hits scoring more than `score`.
    pub(super) fn full_above(&self, score: i64) -> bool {
        self.worst().is_some_and(|w| w > score)
    }

    /// Keeps `c` if its node is among the best `limit` with it; true if kept.
    fn offer(&mut self, c: Cand, index: &SearchIndex) -> bool {
        if self.worst().is_some_and(|w| c.score < w) {
            return false;
        }
        // A node is listed once, with its best name (the first of equals).
        if let Some(i) = self.items.iter().position(|k| k.entry == c.entry) {
            if self.items[i].score >= c.score {
                return false;
            }
            self.items.remove(i);
        }
        let at = self
            .items
            .partition_point(|k| order(index, k, &c) == Ordering::Less);
        if at >= self.limit {
            return false;
        }
        self.items.insert(at, c);
        self.items.truncate(self.limit);
        true
    }

    /// The hits, best first.
    pub(super) fn hits(&self, index: &SearchIndex) -> Vec<Hit> {
        self.items
            .iter()
            .map(|c| Hit {
                node: index.entries[c.entry as usize].node,
                score: c.score,
                matched: index.original(c.name as usize).to_owned(),
            })
            .collect()
    }
}

/// Orders candidates best first: score, then shorter label, then label, then node
/// index, so the order is total and the same on every run.
fn order(index: &SearchIndex, a: &Cand, b: &Cand) -> Ordering {
    let node = |c: &Cand| index.entries[c.entry as usize].node.index();
    b.score
        .cmp(&a.score)
        .then(a.label_chars.cmp(&b.label_chars))
        .then_with(|| {
            index
                .label(a.entry as usize)
                .cmp(index.label(b.entry as usize))
        })
        .then_with(|| node(a).cmp(&node(b)))
}
