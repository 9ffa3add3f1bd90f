//! The metrics of the view, computed where they cost little (inline, on small views) or
//! on a [`Job`] in stages (large views: betweenness and closeness are O(n·e)), so the
//! window never waits for them. A stage that arrives for a view no longer shown is
//! dropped, and the job computing it is cancelled.

use std::sync::Arc;
use std::time::Duration;

use crate::model::KnowledgeGraph;
use crate::query::View;
use crate::query::metrics::{Metric, Metrics, Partial, compute, compute_in_stages};
use crate::ui::jobs::{Job, in_background};

/// Views whose nodes times edges stay under this are measured inline: the bundled
/// graph's (200 × 508) takes about a millisecond, well inside a frame.
const INLINE_WORK: usize = 2_000_000;

/// The metrics of one view generation, finished or in progress.
#[derive(Debug, Default)]
pub struct MetricsSlot {
    done: Option<(u64, Partial)>,
    job: Option<(u64, Job<Partial>)>,
    /// The generation whose computation the user cancelled, or whose job ended: not
    /// started again for it (a job that failed would otherwise restart every frame).
    cancelled: Option<u64>,
}

impl MetricsSlot {
    /// Takes in what the job sent for the current generation, and drops a job working
    /// for an older one (which cancels it).
    pub fn poll(&mut self, generation: u64) {
        let Some((for_generation, job)) = &mut self.job else {
            return;
        };
        if *for_generation != generation {
            self.job = None;
            return;
        }
        if let Some(partial) = job.poll() {
            self.done = Some((generation, partial));
        }
        if !job.is_running() {
            self.job = None;
            self.cancelled = Some(generation);
        }
    }

    /// Makes sure the metrics of `view` (at `generation`) are computed or on their way.
    pub fn request(
        &mut self,
        kg: &Arc<KnowledgeGraph>,
        view: &Arc<View>,
        generation: u64,
        wake: Option<&egui::Context>,
    ) {
        let complete = self
            .fresh(generation)
            .is_some_and(|p| p.ready.len() == Metric::ALL.len());
        let started = self.job.as_ref().is_some_and(|(g, _)| *g == generation);
        if complete || started || self.cancelled == Some(generation) {
            return;
        }
        if view.nodes.len().saturating_mul(view.edges.len().max(1)) <= INLINE_WORK {
            let metrics = compute(kg, view);
            let ready = Metric::ALL.to_vec();
            self.done = Some((generation, Partial { metrics, ready }));
            return;
        }
        let (kg, view) = (Arc::clone(kg), Arc::clone(view));
        let job = Job::spawn(wake.cloned(), move |cx| {
            // Every stage runs on the shared pool (see `in_background`).
            in_background(|| {
                compute_in_stages(&kg, &view, cx.cancel_flag(), |p| cx.send(p.clone()))
            });
        });
        self.job = Some((generation, job));
    }

    /// What has been computed for `generation` so far.
    pub fn fresh(&self, generation: u64) -> Option<&Partial> {
        self.done
            .as_ref()
            .filter(|(g, _)| *g == generation)
            .map(|(_, p)| p)
    }

    /// The metrics for `generation`, if at least the first stage is in.
    pub fn metrics(&self, generation: u64) -> Option<&Metrics> {
        self.fresh(generation).map(|p| &p.metrics)
    }

    /// How long the computation for `generation` has been running, while it runs.
    pub fn running(&self, generation: u64) -> Option<Duration> {
        self.job
            .as_ref()
            .filter(|(g, _)| *g == generation)
            .map(|(_, job)| job.elapsed())
    }

    /// Stops computing for `generation`; what is in stays.
    pub fn cancel(&mut self, generation: u64) {
        self.job = None;
        self.cancelled = Some(generation);
    }
}
