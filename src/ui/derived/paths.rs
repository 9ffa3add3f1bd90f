//! The paths between the two chosen nodes in the view, found inline on small views and
//! on a [`Job`] on large ones (k shortest paths repeat a shortest-path search per
//! candidate), superseded when the view or the ends change.

use std::sync::Arc;
use std::time::Duration;

use petgraph::stable_graph::NodeIndex;

use crate::model::KnowledgeGraph;
use crate::query::View;
use crate::query::paths::{Path, k_shortest_paths};
use crate::ui::jobs::Job;

/// Paths shown for "How are A and B connected?".
pub const MAX_PATHS: usize = 3;

/// Views with at most this many edges are searched inline.
const INLINE_EDGES: usize = 20_000;

/// What a set of paths answers: the view generation and the two ends.
type PathsKey = (u64, NodeIndex, NodeIndex);

/// The paths for the current ends, found or being found.
#[derive(Debug, Default)]
pub struct PathsSlot {
    key: Option<PathsKey>,
    paths: Vec<Path>,
    job: Option<(PathsKey, Job<Vec<Path>>)>,
    /// Renewed whenever `paths` changes.
    generation: u64,
}

impl PathsSlot {
    /// Brings the paths up to date with the view (at `view_generation`) and the ends.
    pub fn update(
        &mut self,
        kg: &Arc<KnowledgeGraph>,
        view: &Arc<View>,
        view_generation: u64,
        ends: Option<(NodeIndex, NodeIndex)>,
        wake: Option<&egui::Context>,
    ) {
        self.poll();
        let key = ends.map(|(a, b)| (view_generation, a, b));
        let asked = self.job.as_ref().map(|(k, _)| *k);
        if key == self.key || (key.is_some() && key == asked) {
            return;
        }
        self.job = None;
        match key {
            None => self.set(None, Vec::new()),
            Some((_, a, b)) if view.edges.len() <= INLINE_EDGES => {
                self.set(key, k_shortest_paths(kg, view, a, b, MAX_PATHS));
            }
            Some(k @ (_, a, b)) => {
                let (kg, view) = (Arc::clone(kg), Arc::clone(view));
                let job = Job::spawn(wake.cloned(), move |cx| {
                    cx.send(k_shortest_paths(&kg, &view, a, b, MAX_PATHS));
                });
                self.job = Some((k, job));
            }
        }
    }

    fn poll(&mut self) {
        let Some((key, job)) = &mut self.job else {
            return;
        };
        let (key, found, running) = (*key, job.poll(), job.is_running());
        if let Some(paths) = found {
            self.job = None;
            self.set(Some(key), paths);
        } else if !running {
            self.job = None;
        }
    }

    fn set(&mut self, key: Option<PathsKey>, paths: Vec<Path>) {
        self.key = key;
        self.paths = paths;
        self.generation += 1;
    }

    /// The paths found for the current ends (empty while they are being found).
    pub fn paths(&self) -> &[Path] {
        if self.job.is_some() { &[] } else { &self.paths }
    }

    /// How long the search has been running, while it runs.
    pub fn running(&self) -> Option<Duration> {
        self.job.as_ref().map(|(_, job)| job.elapsed())
    }

    /// Renewed whenever the paths change.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}
