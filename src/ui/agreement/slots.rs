//! The stance analyses the window shows, each computed once per question and kept:
//! the agreement map of the view's people (with the stance groups and the faction
//! table) and the agreement of one pair. Small views are answered inline; large ones
//! on a [`Job`], the last answer staying on screen meanwhile, superseded when the
//! question changes (the graph's revision, the view's generation, the pair, whether
//! stances are inherited).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use crate::model::{Kind, KnowledgeGraph};
use crate::query::View;
use crate::query::stances::{
    AgreementGraph, FactionRow, Link, MatrixOptions, Shared, StanceGroups, StanceMatrix, agreement,
    agreement_graph, describe_link, faction_table, narrate_agreement, stance_groups,
};
use crate::ui::jobs::{Job, in_background};

/// Views with at most this many edges are analysed inline: the bundled graph's 678
/// take well under a millisecond; a 50,000-edge view takes tens.
const INLINE_EDGES: usize = 5_000;

/// The agreement map of a view: what the canvas's agreement mode draws and the stance
/// groups table lists. An analysis of the stances, never facts of the graph.
#[derive(Clone, Debug, Default)]
pub struct MapResult {
    /// The people of the view: the nodes the agreement mode shows.
    pub people: HashSet<NodeIndex>,
    /// The derived person-to-person graph.
    pub graph: AgreementGraph,
    /// The stance matrix it was derived from (its rows are the groups' positions).
    pub matrix: StanceMatrix,
    /// The stance groups, `None` past [`crate::query::stances::MAX_SERIATED`] rows.
    pub groups: Option<StanceGroups>,
    /// The faction claims beside the groups.
    pub factions: Vec<FactionRow>,
    /// Each grouped row's group, by node.
    pub group_of: HashMap<NodeIndex, usize>,
    /// The largest |agree − disagree| of any derived edge (at least 1): widths scale
    /// by it.
    pub max_weight: i64,
}

impl MapResult {
    /// Analyses the people of `view`, their stances inherited through their texts when
    /// `inherit`.
    ///
    /// # Complexity
    /// O(E) for the matrix, the sum over ideas of the square of their takers for the
    /// pairs, and O(R²) in the rows for the groups.
    pub fn compute(kg: &KnowledgeGraph, view: &View, inherit: bool) -> MapResult {
        let options = MatrixOptions {
            inherit,
            ..MatrixOptions::default()
        };
        let matrix = StanceMatrix::build(kg, view, &options);
        let graph = agreement_graph(&matrix);
        let groups = stance_groups(&matrix);
        let factions = groups
            .as_ref()
            .map(|g| faction_table(kg, &matrix, g))
            .unwrap_or_default();
        let group_of = groups
            .as_ref()
            .map(|g| {
                let rows = matrix.rows.iter().zip(&g.group_of);
                rows.filter_map(|(&ix, k)| Some((ix, (*k)?))).collect()
            })
            .unwrap_or_default();
        let people = view
            .nodes
            .iter()
            .copied()
            .filter(|&ix| kg.node_at(ix).is_some_and(|n| n.kind == Kind::Person))
            .collect();
        let max_weight = graph
            .edges
            .iter()
            .map(|e| e.weight().abs())
            .max()
            .unwrap_or(1)
            .max(1);
        MapResult {
            people,
            graph,
            matrix,
            groups,
            factions,
            group_of,
            max_weight,
        }
    }
}

/// One idea two people take a side on, with each stance told as a sentence with its
/// citation (the first person's first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stood {
    /// The idea.
    pub concept: NodeIndex,
    /// Each stance and its sentence.
    pub links: Vec<(Link, String)>,
}

/// Where two people stand together and apart, told as the sidebar shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairResult {
    /// The summary: "A and B both back 3 ideas, …".
    pub summary: String,
    /// The ideas both back.
    pub both_back: Vec<Stood>,
    /// The ideas both attack.
    pub both_attack: Vec<Stood>,
    /// The ideas they stand on opposite sides of.
    pub opposed: Vec<Stood>,
    /// Edges directly between the two, each with its sentence.
    pub direct: Vec<(EdgeIndex, String)>,
}

impl PairResult {
    /// Where `a` and `b` stand in `view`, told with their quotes.
    pub fn compute(
        kg: &KnowledgeGraph,
        view: &View,
        (a, b): (NodeIndex, NodeIndex),
        inherit: bool,
    ) -> PairResult {
        let options = MatrixOptions {
            inherit,
            ..MatrixOptions::default()
        };
        let ag = agreement(kg, view, a, b, &options);
        let told = |list: &[Shared]| -> Vec<Stood> {
            list.iter()
                .map(|s| Stood {
                    concept: s.concept,
                    links: s
                        .a
                        .iter()
                        .chain(&s.b)
                        .map(|l| (*l, describe_link(kg, l)))
                        .collect(),
                })
                .collect()
        };
        let direct = ag
            .direct
            .iter()
            .map(|&e| {
                // A link with no text between tells the edge itself, in its direction.
                let link = Link {
                    stance: crate::query::stances::Stance::Mentions,
                    edge: e,
                    via: None,
                };
                (e, describe_link(kg, &link))
            })
            .collect();
        PairResult {
            summary: narrate_agreement(kg, a, b, &ag)
                .into_iter()
                .next()
                .unwrap_or_default(),
            both_back: told(&ag.both_back),
            both_attack: told(&ag.both_attack),
            opposed: told(&ag.opposed),
            direct,
        }
    }
}

/// One kept answer, its question, and the job computing the next.
#[derive(Debug)]
pub struct Slot<K, T> {
    done: Option<(K, Arc<T>)>,
    job: Option<(K, Job<T>)>,
}

impl<K, T> Default for Slot<K, T> {
    fn default() -> Self {
        Self {
            done: None,
            job: None,
        }
    }
}

impl<K: Clone + PartialEq + Send + 'static, T: Send + 'static> Slot<K, T> {
    /// Makes sure `key` is answered or on its way: inline when `inline`, else on a job
    /// (in the background pool). A key already asked for computes nothing.
    pub fn ask(
        &mut self,
        key: K,
        inline: bool,
        wake: Option<&egui::Context>,
        work: impl FnOnce() -> T + Send + 'static,
    ) {
        self.poll();
        if self.done.as_ref().is_some_and(|(k, _)| *k == key)
            || self.job.as_ref().is_some_and(|(k, _)| *k == key)
        {
            return;
        }
        if inline {
            self.job = None;
            self.done = Some((key, Arc::new(work())));
            return;
        }
        let job = Job::spawn(wake.cloned(), move |cx| cx.send(in_background(work)));
        self.job = Some((key, job));
    }

    /// Takes in a finished job's answer.
    fn poll(&mut self) {
        let Some((key, job)) = &mut self.job else {
            return;
        };
        if let Some(value) = job.poll() {
            self.done = Some((key.clone(), Arc::new(value)));
            self.job = None;
        } else if !job.is_running() {
            self.job = None;
        }
    }

    /// The answer to `key`, if in.
    pub fn get(&self, key: &K) -> Option<&Arc<T>> {
        self.done.as_ref().filter(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The last answer in, whatever it answered.
    pub fn latest(&self) -> Option<&Arc<T>> {
        self.done.as_ref().map(|(_, v)| v)
    }

    /// How long the job has run, while one runs.
    pub fn running(&self) -> Option<Duration> {
        self.job.as_ref().map(|(_, j)| j.elapsed())
    }

    /// Forgets the job (nobody asks any more); what is in stays.
    pub fn drop_job(&mut self) {
        self.job = None;
    }
}

/// Whether a view is small enough to analyse inline.
pub fn is_small(view: &View) -> bool {
    view.edges.len() <= INLINE_EDGES
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> KnowledgeGraph {
        crate::bundled::bundled_graph().expect("bundled graph")
    }

    #[test]
    fn a_pair_is_told_as_the_command_line_tells_it() {
        let kg = bundled();
        let view = View::all(&kg);
        let (a, b) = (
            kg.index_of("liz-kendall").expect("kendall"),
            kg.index_of("alan-milburn").expect("milburn"),
        );
        let r = PairResult::compute(&kg, &view, (a, b), false);
        assert!(
            r.summary
                .starts_with("Liz Kendall and Alan Milburn both back 3 ideas"),
            "{}",
            r.summary
        );
        let backed: Vec<&str> = r
            .both_back
            .iter()
            .filter_map(|s| kg.node_at(s.concept).map(|n| n.label.as_str()))
            .collect();
        assert!(backed.contains(&"Citizen empowerment"), "{backed:?}");
        assert_eq!(r.direct.len(), 1);
        assert!(
            r.direct[0]
                .1
                .starts_with("Liz Kendall rebuked Alan Milburn (")
        );
    }

    #[test]
    fn the_map_shows_people_only_and_never_writes_to_the_graph() {
        let kg = bundled();
        let revision = kg.revision();
        let view = View::all(&kg);
        let m = MapResult::compute(&kg, &view, false);
        assert!(!m.graph.edges.is_empty());
        assert!(
            m.people
                .iter()
                .all(|&ix| kg.node_at(ix).is_some_and(|n| n.kind == Kind::Person))
        );
        assert!(m.graph.nodes.iter().all(|ix| m.people.contains(ix)));
        assert!(m.groups.is_some());
        assert_eq!(kg.revision(), revision);
    }

    #[test]
    fn a_job_answers_as_inline_work_does() {
        let mut inline: Slot<u8, u32> = Slot::default();
        inline.ask(1, true, None, || 42);
        assert_eq!(inline.get(&1).map(|v| **v), Some(42));
        let mut slot: Slot<u8, u32> = Slot::default();
        slot.ask(1, false, None, || 42);
        let start = std::time::Instant::now();
        while slot.get(&1).is_none() && start.elapsed() < Duration::from_secs(20) {
            // Asking again polls the job, and computes nothing new.
            slot.ask(1, false, None, || 0);
            std::thread::sleep(Duration::from_millis(2));
        }
        assert_eq!(slot.get(&1).map(|v| **v), Some(42));
        assert!(slot.running().is_none());
        // A new question: the last answer stays meanwhile.
        slot.ask(2, false, None, || 7);
        assert_eq!(slot.latest().map(|v| **v), Some(42));
    }
}
