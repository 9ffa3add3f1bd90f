//! Filtering for the window: what a spec shows of the graph, with its comparison and
//! most-connected list, computed inline on small graphs and on a [`Job`] on large ones
//! (a filter of 100,000 nodes takes longer than a frame), superseded when the spec
//! changes again before it is in. Until a new view is in, the last one stays on screen.

use std::sync::Arc;
use std::time::Duration;

use petgraph::stable_graph::NodeIndex;

use super::super::sidebar::most_connected;
use crate::model::KnowledgeGraph;
use crate::query::{ByHand, Comparison, Filter, View, ViewSpec, YearRanges, shown};
use crate::ui::jobs::Job;

/// Graphs with at most this many nodes and edges together are filtered inline: about
/// 10 ms for the 10,000-node, 50,000-edge benchmark graph (`cargo bench --bench view`).
pub(super) const INLINE_ITEMS: usize = 150_000;

/// What a view was filtered from: a spec's filter, compared ranges and what was
/// changed by hand, at a revision.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ViewKey {
    revision: u64,
    filter: Filter,
    compare: Option<YearRanges>,
    by_hand: ByHand,
}

impl ViewKey {
    /// The key of what `spec` shows of `kg`.
    pub(super) fn of(kg: &KnowledgeGraph, spec: &ViewSpec) -> Self {
        ViewKey {
            revision: kg.revision(),
            filter: spec.filter.clone(),
            compare: spec.compare,
            by_hand: spec.by_hand.clone(),
        }
    }

    /// Whether this is the key of what `spec` shows of `kg`, compared in place: the
    /// sets chosen by hand can hold thousands of ids, not to be copied every frame.
    pub(super) fn matches(&self, kg: &KnowledgeGraph, spec: &ViewSpec) -> bool {
        self.revision == kg.revision()
            && self.compare == spec.compare
            && self.filter == spec.filter
            && self.by_hand == spec.by_hand
    }

    /// The graph revision the view was filtered from.
    pub(super) fn revision(&self) -> u64 {
        self.revision
    }
}

/// A view with what is computed along with it.
#[derive(Debug)]
pub(super) struct Filtered {
    /// What is shown.
    pub view: View,
    /// The comparison of two year ranges, when comparing.
    pub comparison: Option<Comparison>,
    /// The view's best-connected nodes, most first.
    pub most_connected: Vec<(NodeIndex, usize)>,
}

impl Filtered {
    /// Filters `kg` by `spec`.
    pub(super) fn compute(kg: &KnowledgeGraph, spec: &ViewSpec) -> Self {
        let (view, comparison) = shown(kg, spec);
        Filtered {
            most_connected: most_connected(kg, &view),
            view,
            comparison,
        }
    }
}

/// The filter being computed off the UI thread, if any.
#[derive(Debug)]
pub(super) struct PendingView {
    job: Option<(ViewKey, Job<Filtered>)>,
    /// Graphs with more nodes and edges than this are filtered on a job.
    inline_items: usize,
}

impl Default for PendingView {
    fn default() -> Self {
        PendingView {
            job: None,
            inline_items: INLINE_ITEMS,
        }
    }
}

/// What asking for a view gave.
#[derive(Debug)]
pub(super) enum Asked {
    /// The view, computed now or just come in.
    Ready(Filtered),
    /// On its way: the last view stays meanwhile.
    Pending,
}

impl PendingView {
    /// The view `spec` shows of `kg`: computed inline on a small graph, else taken
    /// from the job that computes it, or a job started for it. A job for another spec
    /// is dropped, which supersedes it.
    pub(super) fn ask(
        &mut self,
        kg: &Arc<KnowledgeGraph>,
        spec: &ViewSpec,
        wake: Option<&egui::Context>,
    ) -> Asked {
        let mut failed = false;
        if let Some((asked, job)) = &mut self.job
            && asked.matches(kg, spec)
        {
            if let Some(done) = job.poll() {
                self.job = None;
                return Asked::Ready(done);
            }
            if job.is_running() {
                return Asked::Pending;
            }
            // The job ended with nothing (no thread to run it on, or it panicked):
            // filter here rather than start the same job again every frame.
            failed = true;
        }
        self.job = None;
        if failed || kg.num_nodes() + kg.num_edges() <= self.inline_items {
            return Asked::Ready(Filtered::compute(kg, spec));
        }
        let key = ViewKey::of(kg, spec);
        let (kg, spec) = (Arc::clone(kg), spec.clone());
        let job = Job::spawn(wake.cloned(), move |cx| {
            cx.send(Filtered::compute(&kg, &spec));
        });
        self.job = Some((key, job));
        Asked::Pending
    }

    /// Forgets a job whose view is no longer wanted (the spec went back to the view
    /// on screen).
    pub(super) fn drop_job(&mut self) {
        self.job = None;
    }

    /// How long the view on its way has been computing.
    pub(super) fn running(&self) -> Option<Duration> {
        self.job.as_ref().map(|(_, job)| job.elapsed())
    }

    /// Sets the size above which graphs are filtered on a job (tests use 0).
    #[cfg(test)]
    pub(super) fn set_inline_items(&mut self, items: usize) {
        self.inline_items = items;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A job for the view asked for that ends without an answer (no thread for it, or
    /// it panicked) is not started again and again: the view is filtered inline.
    #[test]
    fn a_job_that_ends_with_nothing_is_not_started_again() {
        let kg = Arc::new(crate::bundled::bundled_graph().expect("bundled graph"));
        let spec = ViewSpec::default();
        let mut job: Job<Filtered> = Job::spawn(None, |_| {});
        while job.is_running() {
            let _ = job.poll();
            std::thread::sleep(Duration::from_millis(1));
        }
        let mut pending = PendingView {
            job: Some((ViewKey::of(&kg, &spec), job)),
            inline_items: 0,
        };
        match pending.ask(&kg, &spec, None) {
            Asked::Ready(f) => assert_eq!(f.view, shown(&kg, &spec).0),
            Asked::Pending => panic!("the same job was started again"),
        }
        assert!(pending.running().is_none());
    }
}
