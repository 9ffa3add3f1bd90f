//! `ideagraph timeline`: a metric computed on each year's view, as a table of nodes by
//! period ([`crate::query::timeline`]); and `ideagraph uptake`: where an idea first
//! appeared and who took it up, told as sentences with citations
//! ([`crate::query::uptake`]).
//!
//! # Exit codes
//! 0 a table or a chain printed (or written); 1 an output that cannot be written, or a
//! graph with no dates to put on a timeline; 2 bad flags (an unknown node, kind or
//! relation, a year range that is not one) or a graph that cannot be read.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use petgraph::stable_graph::NodeIndex;

use super::{CliError, MetricArg, Selection, count_in, emit, resolve_node, stdout_failed};
use crate::bundled::bundled_graph;
use crate::io;
use crate::limits;
use crate::model::{KnowledgeGraph, MAX_YEAR, MIN_YEAR};
use crate::query::timeline::{
    MAX_WINDOW, YearlyMetrics, Years, period_label, periods, yearly_metrics_by,
};
use crate::query::{self, View, uptake};

/// `ideagraph timeline`: its arguments. `--years A..B` names the years the periods end
/// in (default: every year the graph dates); the other selection flags filter every
/// period's view.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The graph file (default: the bundled graph.ron).
    pub file: Option<PathBuf>,
    /// The metric computed on each period's view.
    #[arg(long, value_enum)]
    pub metric: MetricArg,
    /// Years per period (1 to 301): each period is the N years ending in its year.
    #[arg(long, default_value_t = 1, value_parser = count_in(1, MAX_WINDOW as usize))]
    pub window: usize,
    /// A node to list, by id or label (repeat for more); default: the top --top nodes.
    #[arg(long = "node", value_name = "NAME")]
    pub nodes: Vec<String>,
    /// Without --node, how many nodes to list, by their highest value in any period
    /// (1 to 1,000,000).
    #[arg(long, default_value_t = 10, value_parser = count_in(1, limits::MAX_TOP))]
    pub top: usize,
    /// Write the table as CSV to this file (atomically; `-` for standard output).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Which part of the graph each period shows; --years is the span of the periods.
    #[command(flatten)]
    pub selection: Selection,
}

/// `ideagraph uptake`: its arguments.
#[derive(Debug, Args)]
pub struct UptakeArgs {
    /// The graph file (default: the bundled graph.ron).
    pub file: Option<PathBuf>,
    /// Id or label of the concept.
    pub concept: String,
}

/// A year range for a flag: `2015`, `2007..2016` or `2007..=2016`, within the years a
/// date may have.
///
/// # Errors
/// What is wrong with it, for clap to report as a usage error.
pub fn parse_span(s: &str) -> Result<Years, String> {
    let (a, b) = query::parse_years(s).map_err(|e| e.to_string())?;
    if a < MIN_YEAR || b > MAX_YEAR {
        return Err(format!(
            "years {a}..{b} are outside {MIN_YEAR}..={MAX_YEAR}, the years a date may have"
        ));
    }
    Ok((a, b))
}

/// A usage error: reported, exit 2.
fn usage(why: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr().lock(), "error: {why}");
    ExitCode::from(2)
}

/// The graph of `file` (the bundled graph when none), or the exit code after reporting
/// why it could not be read.
fn load(file: Option<&Path>) -> Result<KnowledgeGraph, ExitCode> {
    let loaded = match file {
        Some(p) => io::load_graph_file(p),
        None => bundled_graph(),
    };
    loaded.map_err(|e| super::report_load_error(&e))
}

/// A message from resolving the flags.
fn message(e: CliError) -> String {
    match e {
        CliError::Message(m) => m,
        CliError::ClosedPipe => String::new(),
    }
}

/// What `timeline` computes: the periods, the nodes asked for, and how each period's
/// view is made.
struct Plan {
    periods: Vec<Years>,
    nodes: Option<Vec<NodeIndex>>,
    filter: query::Filter,
    by_hand: query::ByHand,
}

impl Plan {
    /// The plan the flags ask for; `Err((code, why))` for flags that cannot be met.
    fn of(kg: &KnowledgeGraph, args: &TimelineArgs) -> Result<Plan, (u8, String)> {
        let span = match &args.selection.years {
            Some(y) => parse_span(y).map_err(|why| (2, format!("--years: {why}")))?,
            None => query::year_span(kg).ok_or((
                1,
                "the graph dates no node or edge: nothing to put on a timeline".to_owned(),
            ))?,
        };
        let window = u32::try_from(args.window).unwrap_or(1);
        let mut filter = args.selection.to_filter(kg).map_err(|e| (2, message(e)))?;
        filter.years = None;
        let by_hand = args.selection.by_hand().map_err(|e| (2, message(e)))?;
        let nodes = if args.nodes.is_empty() {
            None
        } else {
            let mut v = Vec::new();
            for name in &args.nodes {
                let id = resolve_node(kg, name).map_err(|e| (2, message(e)))?;
                if let Some(ix) = kg.index_of(&id).filter(|ix| !v.contains(ix)) {
                    v.push(ix);
                }
            }
            Some(v)
        };
        Ok(Plan {
            periods: periods(span, window),
            nodes,
            filter,
            by_hand,
        })
    }

    /// A period's view: the filter with the period's years, then what was hidden, kept
    /// or added by hand.
    fn view(&self, kg: &KnowledgeGraph, years: Years) -> View {
        let mut view = query::timeline::period_view(kg, &self.filter, years);
        self.by_hand.apply(kg, &mut view);
        view
    }
}

/// Runs `ideagraph timeline`.
pub fn run(args: &TimelineArgs) -> ExitCode {
    let kg = match load(args.file.as_deref()) {
        Ok(kg) => kg,
        Err(code) => return code,
    };
    let plan = match Plan::of(&kg, args) {
        Ok(plan) => plan,
        Err((2, why)) => return usage(&why),
        Err((_, why)) => return CliError::Message(why).exit(),
    };
    let metric = args.metric.metric();
    let table = yearly_metrics_by(&kg, metric, &plan.periods, plan.nodes.as_deref(), |y| {
        plan.view(&kg, y)
    });
    let rows = match &plan.nodes {
        Some(asked) => asked.clone(),
        None => table.top(&kg, args.top),
    };
    match &args.out {
        Some(out) => {
            let written = csv_table(&kg, &table, &rows)
                .map_err(CliError::Message)
                .and_then(|bytes| Ok(io::write_output(Some(out), &bytes)?));
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => e.exit(),
            }
        }
        None => match emit(&text_table(&kg, &table, &rows, args.window)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => stdout_failed(&e),
        },
    }
}

/// How a value is printed: degree as a whole number, the others to four places.
fn shown(metric: query::metrics::Metric, v: Option<f64>) -> String {
    match v {
        None => "-".to_owned(),
        Some(v) if metric == query::metrics::Metric::Degree => format!("{v:.0}"),
        Some(v) => format!("{v:.4}"),
    }
}

/// Longest label printed in the table's first column, in characters.
const LABEL_CHARS: usize = 40;

/// A label cut to [`LABEL_CHARS`] characters, with an ellipsis when cut.
fn cut_label(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
        s.push('\u{2026}');
        s
    }
}

/// The table for a terminal: a heading, then one row per node, one column per period
/// (`-` where the period does not show the node).
fn text_table(kg: &KnowledgeGraph, t: &YearlyMetrics, rows: &[NodeIndex], window: usize) -> String {
    let labels: Vec<String> = rows
        .iter()
        .map(|&ix| cut_label(kg.node_at(ix).map_or("?", |n| n.label.as_str())))
        .collect();
    let width = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let heads: Vec<String> = t.periods.iter().map(|&p| period_label(p)).collect();
    let col = heads.iter().map(String::len).max().unwrap_or(6).max(6);
    let per = if window <= 1 {
        "per year".to_owned()
    } else {
        format!("per {window}-year window")
    };
    let mut out = format!("{} {per}: {} nodes\n", t.metric.name(), rows.len());
    let _ = write!(out, "{:width$}", "node");
    for h in &heads {
        let _ = write!(out, "  {h:>col$}");
    }
    out.push('\n');
    for (label, &ix) in labels.iter().zip(rows) {
        let pad = width.saturating_sub(label.chars().count());
        let _ = write!(out, "{label}{}", " ".repeat(pad));
        for p in 0..t.periods.len() {
            let _ = write!(out, "  {:>col$}", shown(t.metric, t.get(ix, p)));
        }
        out.push('\n');
    }
    out
}

/// The table as CSV: `id,label,` then one column per period; a period that does not
/// show the node leaves its cell empty.
fn csv_table(
    kg: &KnowledgeGraph,
    t: &YearlyMetrics,
    rows: &[NodeIndex],
) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec!["id".to_owned(), "label".to_owned()];
    head.extend(t.periods.iter().map(|&p| period_label(p)));
    w.write_record(&head).map_err(|e| e.to_string())?;
    for &ix in rows {
        let Some(n) = kg.node_at(ix) else { continue };
        let mut row = vec![n.id.clone(), n.label.clone()];
        row.extend(
            (0..t.periods.len()).map(|p| t.get(ix, p).map(|v| v.to_string()).unwrap_or_default()),
        );
        w.write_record(&row).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// Runs `ideagraph uptake`.
pub fn run_uptake(args: &UptakeArgs) -> ExitCode {
    let kg = match load(args.file.as_deref()) {
        Ok(kg) => kg,
        Err(code) => return code,
    };
    let ix = match resolve_node(&kg, &args.concept) {
        Ok(id) => kg.index_of(&id),
        Err(e) => return usage(&message(e)),
    };
    let Some(u) = ix.and_then(|ix| uptake::uptake(&kg, ix)) else {
        return usage("node vanished");
    };
    match emit(&uptake_text(&kg, &u)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => stdout_failed(&e),
    }
}

/// The chain in a line, the first appearance with its source and basis, then each step.
fn uptake_text(kg: &KnowledgeGraph, u: &uptake::Uptake) -> String {
    let told = uptake::narrate_uptake(kg, u);
    let mut lines = told.iter();
    let mut out = String::new();
    for line in lines.by_ref().take(2) {
        out += line;
        out.push('\n');
    }
    if let Some(f) = &u.first {
        let source = f.source().unwrap_or("no quote");
        let basis = match &f.date.basis {
            crate::model::Basis::Stated => "stated in the text".to_owned(),
            crate::model::Basis::Inferred(why) => format!("inferred: {why}"),
        };
        let _ = writeln!(out, "  source {source}; date {basis}");
    }
    let _ = writeln!(out, "\nTaken up by ({}):", u.chain.len());
    for line in lines {
        let _ = writeln!(out, "  - {line}");
    }
    out
}
