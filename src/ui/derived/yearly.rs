//! [`Yearly`]: who rose and fell, for the window. The selected node's chart (its
//! degree, PageRank and betweenness on each year's view) and the *Movers* between two
//! year ranges, with the settings they are asked with (the chart's years and window,
//! the movers' metric and ranges).
//!
//! Each result remembers what it was computed from (the graph's revision, the user's
//! filters without their years, what was changed by hand, and the question's own
//! terms) and is computed again only when that changes. Like the view's metrics, a
//! small question is answered inline (a few milliseconds on the bundled graph), a
//! large one on a [`Job`] on the shared background pool, superseded (and cancelled)
//! when the question changes before it is in; "computing…" shows meanwhile.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use petgraph::stable_graph::NodeIndex;

use crate::model::KnowledgeGraph;
use crate::query::metrics::Metric;
use crate::query::timeline::{Movers, Years, movers_in, periods, yearly_metrics_by};
use crate::query::{ByHand, Filter, View, ViewSpec, apply, year_span};
use crate::ui::jobs::{Job, in_background};

/// The metrics the chart draws, top to bottom.
pub const CHART_METRICS: [Metric; 3] = [Metric::Degree, Metric::PageRank, Metric::Betweenness];

/// The widest sliding window the chart offers, in years.
pub const MAX_CHART_WINDOW: u32 = 10;

/// Questions whose nodes × edges × views stay under this are answered inline: the
/// bundled graph's chart (256 × 678 × 21 years) takes a few milliseconds.
const INLINE_WORK: usize = 4_000_000;

/// A change to what [`Yearly`] is asked, emitted by the sidebar and the analysis panel.
#[derive(Clone, Debug, PartialEq)]
pub enum YearlyCommand {
    /// The chart's sliding window, in years (1: single years).
    SetWindow(u32),
    /// The years the chart's periods end in (`None`: every year the graph dates).
    SetSpan(Option<Years>),
    /// The metric the movers are ranked by.
    SetMoversMetric(Metric),
    /// Compare the ranks in two year ranges.
    ComputeMovers(Years, Years),
}

/// One node's values on each period's view, for the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// The node.
    pub node: NodeIndex,
    /// The periods, oldest first.
    pub periods: Vec<Years>,
    /// One series per metric of [`CHART_METRICS`], in that order: a value per period,
    /// `None` where the period's view does not show the node.
    pub series: Vec<(Metric, Vec<Option<f64>>)>,
}

/// The movers between two ranges, with what they were asked.
#[derive(Clone, Debug, PartialEq)]
pub struct MoversResult {
    /// The metric ranked by.
    pub metric: Metric,
    /// The two ranges compared.
    pub ranges: (Years, Years),
    /// Who rose, fell, entered and left.
    pub movers: Movers,
}

/// What every answer is computed on: the user's filters without their years, and what
/// was changed by hand, at a revision of the graph.
#[derive(Clone, Debug, PartialEq)]
struct Base {
    revision: u64,
    filter: Filter,
    by_hand: ByHand,
}

impl Base {
    /// The base of what `spec` shows of `kg`.
    fn of(kg: &KnowledgeGraph, spec: &ViewSpec) -> Self {
        Base {
            revision: kg.revision(),
            filter: spec.filter_for_years(None),
            by_hand: spec.by_hand.clone(),
        }
    }

    /// Whether this is the base of `spec` on `kg`, compared in place (the sets chosen
    /// by hand can be large).
    fn matches(&self, kg: &KnowledgeGraph, spec: &ViewSpec) -> bool {
        self.revision == kg.revision()
            && self.by_hand == spec.by_hand
            && self.filter == spec.filter_for_years(None)
    }

    /// One period's view: the base with the period as its year range.
    fn view(&self, kg: &KnowledgeGraph, years: Years) -> View {
        let mut view = apply(
            kg,
            &Filter {
                years: Some(years),
                ..self.filter.clone()
            },
        );
        self.by_hand.apply(kg, &mut view);
        view
    }
}

/// A question's own terms besides its base.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Terms {
    /// A node's chart: the node, the window and the span of years.
    Chart(NodeIndex, u32, Years),
    /// Movers: the metric and the two ranges.
    Movers(Metric, Years, Years),
}

/// One answer, done or on its way, keyed by what it was asked.
#[derive(Debug)]
struct Slot<T> {
    done: Option<(Base, Terms, Arc<T>)>,
    job: Option<(Base, Terms, Job<T>)>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            done: None,
            job: None,
        }
    }
}

impl<T: Send + Sync + 'static> Slot<T> {
    /// Takes in what the job sent.
    fn poll(&mut self) {
        let Some((base, terms, job)) = &mut self.job else {
            return;
        };
        if let Some(result) = job.poll() {
            self.done = Some((base.clone(), *terms, Arc::new(result)));
        }
        if !job.is_running() {
            self.job = None;
        }
    }

    /// The answer to `terms` on `spec`'s base, if it is in.
    fn get(&self, kg: &KnowledgeGraph, spec: &ViewSpec, terms: Terms) -> Option<&Arc<T>> {
        self.done
            .as_ref()
            .filter(|(b, t, _)| *t == terms && b.matches(kg, spec))
            .map(|(_, _, r)| r)
    }

    /// Whether the job on its way answers `terms` on `spec`'s base.
    fn asked(&self, kg: &KnowledgeGraph, spec: &ViewSpec, terms: Terms) -> bool {
        self.job
            .as_ref()
            .is_some_and(|(b, t, _)| *t == terms && b.matches(kg, spec))
    }

    /// Makes sure `terms` is answered or on its way: inline when `work` is small,
    /// else on a job (which supersedes any other).
    fn ask(
        &mut self,
        kg: &Arc<KnowledgeGraph>,
        spec: &ViewSpec,
        terms: Terms,
        (work, inline_work): (usize, usize),
        wake: Option<&egui::Context>,
        compute: fn(&KnowledgeGraph, &Base, Terms, &std::sync::atomic::AtomicBool) -> Option<T>,
    ) {
        if self.get(kg, spec, terms).is_some() || self.asked(kg, spec, terms) {
            return;
        }
        let base = Base::of(kg, spec);
        if work <= inline_work {
            self.job = None;
            let never = std::sync::atomic::AtomicBool::new(false);
            if let Some(result) = compute(kg, &base, terms, &never) {
                self.done = Some((base, terms, Arc::new(result)));
            }
            return;
        }
        let (kg, for_job) = (Arc::clone(kg), base.clone());
        let job = Job::spawn(wake.cloned(), move |cx| {
            let result = in_background(|| compute(&kg, &for_job, terms, cx.cancel_flag()));
            if let Some(result) = result {
                cx.send(result);
            }
        });
        self.job = Some((base, terms, job));
    }

    /// How long the job answering `terms` has run, while it runs.
    fn running(&self, kg: &KnowledgeGraph, spec: &ViewSpec, terms: Terms) -> Option<Duration> {
        self.job
            .as_ref()
            .filter(|(b, t, _)| *t == terms && b.matches(kg, spec))
            .map(|(_, _, job)| job.elapsed())
    }
}

/// The chart of `terms` on `base`; `None` when cancelled or asked for movers.
fn compute_chart(
    kg: &KnowledgeGraph,
    base: &Base,
    terms: Terms,
    cancel: &std::sync::atomic::AtomicBool,
) -> Option<Chart> {
    let Terms::Chart(node, window, span) = terms else {
        return None;
    };
    let periods = periods(span, window);
    let mut series = Vec::new();
    for metric in CHART_METRICS {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let table = yearly_metrics_by(kg, metric, &periods, Some(&[node]), |years| {
            base.view(kg, years)
        });
        let values = table
            .series(node)
            .map_or_else(|| vec![None; periods.len()], <[_]>::to_vec);
        series.push((metric, values));
    }
    Some(Chart {
        node,
        periods,
        series,
    })
}

/// The movers of `terms` on `base`; `None` when cancelled or asked for a chart.
fn compute_movers(
    kg: &KnowledgeGraph,
    base: &Base,
    terms: Terms,
    cancel: &std::sync::atomic::AtomicBool,
) -> Option<MoversResult> {
    let Terms::Movers(metric, first, second) = terms else {
        return None;
    };
    let (a, b) = (base.view(kg, first), base.view(kg, second));
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    Some(MoversResult {
        metric,
        ranges: (first, second),
        movers: movers_in(kg, metric, &a, &b),
    })
}

/// Who rose and fell: the settings the sidebar and the analysis panel ask with, and
/// the answers, computed off the UI thread when they are large.
#[derive(Debug)]
pub struct Yearly {
    /// The chart's sliding window, in years (1: single years).
    window: u32,
    /// The years the chart's periods end in, as the user set them.
    span: Option<Years>,
    /// Every year the graph dates, at the revision it was read from.
    graph_span: Option<(u64, Option<Years>)>,
    /// The metric the movers are ranked by.
    movers_metric: Metric,
    /// The two ranges compared, once Compute was pressed.
    movers_ranges: Option<(Years, Years)>,
    chart: Slot<Chart>,
    movers: Slot<MoversResult>,
    /// The question's size up to which it is answered inline.
    inline_work: usize,
}

impl Default for Yearly {
    fn default() -> Self {
        Yearly {
            window: 1,
            span: None,
            graph_span: None,
            movers_metric: Metric::Degree,
            movers_ranges: None,
            chart: Slot::default(),
            movers: Slot::default(),
            inline_work: INLINE_WORK,
        }
    }
}

/// What the sidebar and the analysis panel draw from, for one frame.
#[derive(Clone, Copy, Debug)]
pub struct YearlyView<'a> {
    /// The owner.
    pub yearly: &'a Yearly,
    /// The graph it answers on.
    pub kg: &'a KnowledgeGraph,
    /// The spec whose filters are the base.
    pub spec: &'a ViewSpec,
}

impl YearlyView<'_> {
    /// The node's chart, if it is in.
    pub fn chart(&self, node: NodeIndex) -> Option<&Chart> {
        self.yearly.chart(self.kg, self.spec, node)
    }

    /// How long the node's chart has been computing, while it is.
    pub fn chart_running(&self, node: NodeIndex) -> Option<Duration> {
        self.yearly.chart_running(self.kg, self.spec, node)
    }

    /// The movers asked for, if they are in.
    pub fn movers(&self) -> Option<&MoversResult> {
        self.yearly.movers(self.kg, self.spec)
    }

    /// How long the movers have been computing, while they are.
    pub fn movers_running(&self) -> Option<Duration> {
        self.yearly.movers_running(self.kg, self.spec)
    }
}

impl Yearly {
    /// Applies a change asked by the UI.
    pub fn apply(&mut self, cmd: YearlyCommand) {
        match cmd {
            YearlyCommand::SetWindow(n) => self.window = n.clamp(1, MAX_CHART_WINDOW),
            YearlyCommand::SetSpan(span) => {
                self.span = span.map(|(a, b)| (a.min(b), a.max(b)));
            }
            YearlyCommand::SetMoversMetric(m) => self.movers_metric = m,
            YearlyCommand::ComputeMovers(a, b) => self.movers_ranges = Some((a, b)),
        }
    }

    /// Takes in what the jobs sent, and makes sure the selected node's chart and the
    /// movers asked for are computed or on their way. Cheap when nothing changed, so
    /// it runs every frame.
    pub fn update(
        &mut self,
        kg: &Arc<KnowledgeGraph>,
        spec: &ViewSpec,
        selected: Option<NodeIndex>,
        wake: Option<&egui::Context>,
    ) {
        self.chart.poll();
        self.movers.poll();
        if self.graph_span.is_none_or(|(rev, _)| rev != kg.revision()) {
            self.graph_span = Some((kg.revision(), year_span(kg)));
        }
        // A view's metrics cost about nodes × edges (betweenness); one view a period.
        let size = kg.num_nodes().saturating_mul(kg.num_edges().max(1));
        if let Some(terms) = self.chart_terms(kg, selected) {
            let views = self.span().map_or(1, |(a, b)| {
                usize::try_from(i64::from(b) - i64::from(a) + 1).unwrap_or(1)
            });
            let work = (size.saturating_mul(views), self.inline_work);
            self.chart.ask(kg, spec, terms, work, wake, compute_chart);
        }
        if let Some(terms) = self.movers_terms() {
            let work = (size.saturating_mul(2), self.inline_work);
            self.movers.ask(kg, spec, terms, work, wake, compute_movers);
        }
    }

    /// The chart's question for `selected`, if a node is selected and the graph dates
    /// anything.
    fn chart_terms(&self, kg: &KnowledgeGraph, selected: Option<NodeIndex>) -> Option<Terms> {
        let node = selected.filter(|&ix| kg.node_at(ix).is_some())?;
        Some(Terms::Chart(node, self.window, self.span()?))
    }

    /// The movers' question, once asked.
    fn movers_terms(&self) -> Option<Terms> {
        let (a, b) = self.movers_ranges?;
        Some(Terms::Movers(self.movers_metric, a, b))
    }

    /// The chart's sliding window, in years.
    pub fn window(&self) -> u32 {
        self.window
    }

    /// Every year the graph dates, if it dates anything.
    pub fn graph_span(&self) -> Option<Years> {
        self.graph_span.and_then(|(_, s)| s)
    }

    /// The years the chart's periods end in: as set, else every year the graph dates.
    pub fn span(&self) -> Option<Years> {
        self.span.or_else(|| self.graph_span())
    }

    /// Whether the user set the chart's years (rather than every year the graph dates).
    pub fn span_is_set(&self) -> bool {
        self.span.is_some()
    }

    /// The metric the movers are ranked by.
    pub fn movers_metric(&self) -> Metric {
        self.movers_metric
    }

    /// The two ranges the movers compare, once asked.
    pub fn movers_ranges(&self) -> Option<(Years, Years)> {
        self.movers_ranges
    }

    /// The selected node's chart, if it is in.
    pub fn chart(&self, kg: &KnowledgeGraph, spec: &ViewSpec, node: NodeIndex) -> Option<&Chart> {
        let terms = self.chart_terms(kg, Some(node))?;
        self.chart.get(kg, spec, terms).map(AsRef::as_ref)
    }

    /// How long the selected node's chart has been computing, while it is.
    pub fn chart_running(
        &self,
        kg: &KnowledgeGraph,
        spec: &ViewSpec,
        node: NodeIndex,
    ) -> Option<Duration> {
        let terms = self.chart_terms(kg, Some(node))?;
        self.chart.running(kg, spec, terms)
    }

    /// The movers asked for, if they are in.
    pub fn movers(&self, kg: &KnowledgeGraph, spec: &ViewSpec) -> Option<&MoversResult> {
        let terms = self.movers_terms()?;
        self.movers.get(kg, spec, terms).map(AsRef::as_ref)
    }

    /// How long the movers have been computing, while they are.
    pub fn movers_running(&self, kg: &KnowledgeGraph, spec: &ViewSpec) -> Option<Duration> {
        let terms = self.movers_terms()?;
        self.movers.running(kg, spec, terms)
    }

    /// Answers every question on a job, however small (tests of the job path).
    #[cfg(test)]
    fn always_on_jobs(&mut self) {
        self.inline_work = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::timeline::{movers, yearly_metrics};

    fn bundled() -> Arc<KnowledgeGraph> {
        Arc::new(crate::bundled::bundled_graph().expect("bundled graph"))
    }

    /// Updates until `done` says the answer is in (at most 30 s).
    fn wait(y: &mut Yearly, kg: &Arc<KnowledgeGraph>, spec: &ViewSpec, node: NodeIndex) {
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            y.update(kg, spec, Some(node), None);
            if y.chart(kg, spec, node).is_some() && y.movers(kg, spec).is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// The chart and the movers are the library's tables, inline or on a job alike,
    /// and follow the filters (without their years).
    #[test]
    fn answers_are_the_librarys_inline_or_on_a_job() {
        let kg = bundled();
        let ed = kg.index_of("ed-miliband").expect("Ed Miliband");
        let mut spec = ViewSpec::default();
        spec.filter.years = Some((2015, 2015));
        for on_jobs in [false, true] {
            let mut y = Yearly::default();
            if on_jobs {
                y.always_on_jobs();
            }
            y.apply(YearlyCommand::SetWindow(2));
            y.apply(YearlyCommand::SetSpan(Some((2014, 2010))));
            y.apply(YearlyCommand::ComputeMovers((2008, 2008), (2014, 2016)));
            y.update(&kg, &spec, Some(ed), None);
            if on_jobs {
                assert!(y.chart_running(&kg, &spec, ed).is_some(), "computing");
                wait(&mut y, &kg, &spec, ed);
            }
            let chart = y.chart(&kg, &spec, ed).expect("the chart is in");
            let ps = periods((2010, 2014), 2);
            let want = yearly_metrics(&kg, &Filter::default(), Metric::Degree, &ps, None);
            assert_eq!(chart.periods, ps);
            assert_eq!(chart.series[0].1.as_slice(), want.series(ed).expect("Ed"));
            let m = y.movers(&kg, &spec).expect("the movers are in");
            let want = movers(
                &kg,
                &Filter::default(),
                Metric::Degree,
                (2008, 2008),
                (2014, 2016),
            );
            assert_eq!(m.movers, want);
            // Another filter is another question.
            spec.filter.kinds.insert(crate::model::Kind::Person);
            assert!(y.chart(&kg, &spec, ed).is_none());
            spec.filter.kinds.clear();
        }
    }
}
