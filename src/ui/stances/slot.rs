//! The matrix and its orders, computed where they cost little (inline, on a small view)
//! or on a [`Job`] on the shared background pool (a large view: seriation clusters
//! every pair of rows), keyed by the view's generation, the matrix's options and the
//! two orders. A job whose question is no longer asked is dropped, which cancels it;
//! the last answer stays on screen until the new one is in.

use std::sync::Arc;
use std::time::Duration;

use crate::model::KnowledgeGraph;
use crate::query::View;
use crate::query::stances::{MatrixOptions, SortOrder, StanceMatrix, order_cols, order_rows};
use crate::ui::jobs::{Job, in_background};

/// Views of at most this many nodes and edges together are answered inline: the
/// bundled graph's (934) takes about a millisecond, seriation included.
const INLINE_ITEMS: usize = 5_000;

/// What a matrix is computed from.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The view's generation (renewed when what is shown or the graph changes).
    pub generation: u64,
    /// Rows, columns and inheritance.
    pub options: MatrixOptions,
    /// How the rows are ordered.
    pub row_sort: SortOrder,
    /// How the columns are ordered.
    pub col_sort: SortOrder,
}

/// A matrix with its orders, ready to draw.
#[derive(Debug, Default)]
pub struct Ordered {
    /// The matrix.
    pub m: StanceMatrix,
    /// Row positions in display order.
    pub rows: Vec<usize>,
    /// Column positions in display order.
    pub cols: Vec<usize>,
    /// Each column position's place in the display order (the inverse of `cols`).
    pub col_rank: Vec<usize>,
}

impl Ordered {
    /// Builds the matrix on `view` and orders it.
    ///
    /// # Complexity
    /// One pass over the view's edges, then the orders: by similarity, O(r² + c²) for
    /// r rows and c columns (up to [`crate::query::stances::MAX_SERIATED`]).
    pub fn compute(kg: &KnowledgeGraph, view: &View, key: &Key) -> Ordered {
        let m = StanceMatrix::build(kg, view, &key.options);
        let rows = order_rows(kg, &m, key.row_sort);
        let cols = order_cols(kg, &m, key.col_sort);
        let mut col_rank = vec![0; cols.len()];
        for (rank, &c) in cols.iter().enumerate() {
            col_rank[c] = rank;
        }
        Ordered {
            m,
            rows,
            cols,
            col_rank,
        }
    }
}

/// The answer on screen and the one on its way.
#[derive(Debug, Default)]
pub struct Slot {
    done: Option<(Key, Arc<Ordered>)>,
    job: Option<(Key, Job<Ordered>)>,
}

impl Slot {
    /// Makes sure `key` is answered or on its way, and takes in a finished job.
    pub fn update(
        &mut self,
        kg: &Arc<KnowledgeGraph>,
        view: &Arc<View>,
        key: &Key,
        wake: Option<&egui::Context>,
    ) {
        self.poll();
        if self.done.as_ref().is_some_and(|(k, _)| k == key)
            || self.job.as_ref().is_some_and(|(k, _)| k == key)
        {
            return;
        }
        if view.nodes.len() + view.edges.len() <= INLINE_ITEMS {
            self.job = None;
            self.done = Some((key.clone(), Arc::new(Ordered::compute(kg, view, key))));
            return;
        }
        let (kg, view, for_job) = (Arc::clone(kg), Arc::clone(view), key.clone());
        let job = Job::spawn(wake.cloned(), move |cx| {
            let ordered = in_background(|| Ordered::compute(&kg, &view, &for_job));
            cx.send(ordered);
        });
        self.job = Some((key.clone(), job));
    }

    fn poll(&mut self) {
        let Some((key, job)) = &mut self.job else {
            return;
        };
        if let Some(result) = job.poll() {
            self.done = Some((key.clone(), Arc::new(result)));
        }
        if !job.is_running() {
            self.job = None;
        }
    }

    /// The last answer in, whatever it was asked (the newest may still be on its way).
    pub fn latest(&self) -> Option<&Arc<Ordered>> {
        self.done.as_ref().map(|(_, o)| o)
    }

    /// Whether the answer on screen is for `key`.
    pub fn is_fresh(&self, key: &Key) -> bool {
        self.done.as_ref().is_some_and(|(k, _)| k == key)
    }

    /// How long the job on its way has run, while it runs.
    pub fn running(&self) -> Option<Duration> {
        self.job.as_ref().map(|(_, j)| j.elapsed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::{Model, generate};

    /// A view too large to order inline is ordered on a job: nothing is computed on the
    /// calling thread, and the answer, once in, is what computing inline gives.
    #[test]
    fn a_large_view_is_ordered_off_the_ui_thread() {
        let kg = Arc::new(KnowledgeGraph::from_document(generate(
            Model::ScaleFree,
            2_000,
            6_000,
            1,
        )));
        let view = Arc::new(View::all(&kg));
        assert!(view.nodes.len() + view.edges.len() > INLINE_ITEMS);
        let key = Key {
            generation: 1,
            options: MatrixOptions::default(),
            row_sort: SortOrder::Similarity,
            col_sort: SortOrder::Similarity,
        };
        let mut slot = Slot::default();
        slot.update(&kg, &view, &key, None);
        assert!(slot.running().is_some(), "on a job");
        let start = std::time::Instant::now();
        while !slot.is_fresh(&key) {
            assert!(start.elapsed() < Duration::from_secs(60), "no answer");
            std::thread::sleep(Duration::from_millis(5));
            slot.update(&kg, &view, &key, None);
        }
        let inline = Ordered::compute(&kg, &view, &key);
        let done = slot.latest().expect("in");
        assert!(!done.m.rows.is_empty());
        assert_eq!((&done.rows, &done.cols), (&inline.rows, &inline.cols));
        // Asked again: nothing new starts.
        slot.update(&kg, &view, &key, None);
        assert!(slot.running().is_none());
    }
}
