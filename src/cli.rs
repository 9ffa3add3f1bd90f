//! The command line: `check`, `stats`, `export`, `path`, or no command to open the window;
//! the curation commands `fmt`, `add-edge` and `add-node` are in [`curate`].
//! Every view the window shows can be built here from flags (see [`Selection`]).
//!
//! # Output
//! Commands write to standard output through [`emit`] (or the `outln!` macro), never
//! `print!`, which panics when the reader has gone: a closed pipe (`ideagraph stats |
//! head -1`) ends the command quietly, as the reader asked for no more. The rule: a
//! closed pipe stops output, the exit code is what the command found (0 for a command
//! that found nothing wrong, 1 for a `check` with problems). Only standard output is
//! quiet so: a FIFO given as `-o` whose reader goes is a failed write (exit 1).
//! Notes and errors go to standard error through `errln!`, which never fails.
//!
//! # Numbers
//! Every numeric flag is checked by clap against a range from [`crate::limits`], so an
//! absurd value is a usage error (exit 2) naming the flag and the range, before any
//! work or allocation sized by it.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::RangedU64ValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

pub mod coverage;
pub mod curate;
pub mod stances;
pub mod timeline;
pub mod voices;

use crate::bundled::{BUNDLED_NAME, GRAPH_RON, bundled_graph};
use crate::io::export::{ExportFormat, ExportOptions};
use crate::io::{self, IoError, json, quotes, ron_format};
use crate::limits;

/// `println!` for commands that return an [`ExitCode`]: writes through [`emit`], and
/// if standard output is gone returns [`stdout_failed`]'s code from the enclosing
/// function instead of panicking.
///
/// `outln!(found CODE; ...)` gives `CODE` instead of success when the reader has gone:
/// a closed pipe stops output, the exit code is still what the command found.
macro_rules! outln {
    (found $code:expr; $($arg:tt)*) => {
        if let Err(e) = emit(&format!("{}\n", format_args!($($arg)*))) {
            return stdout_failed_with(&e, $code);
        }
    };
    ($($arg:tt)*) => {
        outln!(found ExitCode::SUCCESS; $($arg)*)
    };
}

/// `eprintln!` that cannot panic: a message that cannot reach standard error (closed,
/// full) is dropped, as there is nowhere left to report it.
macro_rules! errln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// Writes `text` to standard output and flushes it; use instead of `print!`, which
/// panics when the reader has closed the pipe.
///
/// # Errors
/// The write's error; [`std::io::ErrorKind::BrokenPipe`] when the reader has gone
/// (see [`stdout_failed`] and [`CliError`] for what to do with it).
pub fn emit(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// The exit code after standard output failed: success, quietly, when the reader
/// closed the pipe (it wanted no more, as with `| head`); otherwise the error is
/// reported and the code is 1.
pub fn stdout_failed(e: &std::io::Error) -> ExitCode {
    stdout_failed_with(e, ExitCode::SUCCESS)
}

/// [`stdout_failed`] for a command that has already found its result: a closed pipe
/// gives `found` (a `check` with problems still exits 1), another failure exit 1.
pub fn stdout_failed_with(e: &std::io::Error, found: ExitCode) -> ExitCode {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        found
    } else {
        errln!("error: cannot write to standard output: {e}");
        ExitCode::from(1)
    }
}

/// Why a command stopped early.
#[derive(Debug)]
pub enum CliError {
    /// A problem to report as `error: …` (exit 1).
    Message(String),
    /// Standard output's reader has gone: stop quietly (exit 0).
    ClosedPipe,
}

impl From<String> for CliError {
    fn from(message: String) -> Self {
        CliError::Message(message)
    }
}

impl From<&str> for CliError {
    fn from(message: &str) -> Self {
        CliError::Message(message.to_owned())
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::ClosedPipe
        } else {
            CliError::Message(format!("cannot write to standard output: {e}"))
        }
    }
}

impl From<query::QueryError> for CliError {
    fn from(e: query::QueryError) -> Self {
        CliError::Message(e.to_string())
    }
}

impl From<IoError> for CliError {
    fn from(e: IoError) -> Self {
        match e {
            // Only standard output's reader leaving is a quiet end; a FIFO given as `-o`
            // whose reader went is a failed write.
            IoError::Write { path, source }
                if source.kind() == std::io::ErrorKind::BrokenPipe
                    && io::atomic::names_stdout(&path) =>
            {
                CliError::ClosedPipe
            }
            other => CliError::Message(other.to_string()),
        }
    }
}

impl CliError {
    /// Reports the error (if any is worth reporting) and gives the exit code.
    fn exit(self) -> ExitCode {
        match self {
            CliError::ClosedPipe => ExitCode::SUCCESS,
            CliError::Message(msg) => {
                errln!("error: {msg}");
                ExitCode::from(1)
            }
        }
    }
}
use crate::model::{Kind, KnowledgeGraph, Relation};
use crate::query::filter::Part;
use crate::query::metrics::{self, Metric};
use crate::query::{self, Filter, View};

/// Explore a sourced knowledge graph of people and ideas.
#[derive(Debug, Parser)]
#[command(
    name = "ideagraph",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A graph file to open in the window (default: the bundled knowledge base).
    pub file: Option<PathBuf>,
    /// Folder of source texts for the window's source reader (looked in before the
    /// folder chosen in the window and the `sources/` folder beside the graph file).
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// What to do; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a graph and report every problem. Exit 0 clean, 1 problems, 2 unreadable.
    Check {
        /// The graph file (default: the bundled graph.ron).
        file: Option<PathBuf>,
        /// Folder of source texts: every quote must be found word for word in its source's file.
        #[arg(long)]
        sources: Option<PathBuf>,
    },
    /// Counts by kind and relation, the sources, the most connected nodes and the
    /// communities.
    Stats {
        /// The graph file (default: the bundled graph.ron).
        file: Option<PathBuf>,
        /// How many top nodes to list (1 to 1,000,000).
        #[arg(long, default_value_t = 10, value_parser = count_in(1, limits::MAX_TOP))]
        top: usize,
        /// Rank the top nodes by this metric (default: degree). Given, it leaves the
        /// communities out unless --communities asks for them too.
        #[arg(long, value_enum)]
        metric: Option<MetricArg>,
        /// List the communities (Louvain) even with --metric.
        #[arg(long)]
        communities: bool,
        /// Which part of the graph to summarise.
        #[command(flatten)]
        selection: Selection,
    },
    /// Write the graph, or the selected part of it, in another format.
    Export {
        /// The graph file (default: the bundled graph.ron).
        file: Option<PathBuf>,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Output file; `-` or none writes to standard output. Written atomically.
        /// CSV writes OUT.nodes.csv, OUT.edges.csv and OUT.sources.csv (or nodes.csv...
        /// in OUT/); SVG and PNG also write OUT.sources.txt, the bibliography.
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// PNG only: pixels per SVG unit (0.1 to 16; 2 suits slides).
        #[arg(long, default_value_t = 2.0, value_parser = parse_scale)]
        scale: f32,
        /// How nodes without a saved position are placed: `force`, or `timeline` (x is
        /// time, as the window's View > Layout > Timeline; every node is placed).
        #[arg(long, default_value = "force", value_parser = ["force", "timeline"])]
        layout: String,
        /// Which part of the graph to export.
        #[command(flatten)]
        selection: Selection,
    },
    /// Compare two year ranges: what is new, what is gone, what both share.
    Compare {
        /// The first year range, e.g. 2007..2009.
        first: String,
        /// The second year range, e.g. 2014..2016.
        second: String,
        /// The graph file (default: the bundled graph.ron).
        file: Option<PathBuf>,
        /// Other filters applied to both ranges.
        #[command(flatten)]
        selection: Selection,
    },
    /// Generate a synthetic graph (scale-free or communities) for scale testing.
    Generate {
        /// Number of nodes (0 to 1,000,000).
        #[arg(long, value_parser = count_in(0, limits::MAX_GENERATE_NODES))]
        nodes: usize,
        /// Number of edges (0 to 5,000,000; at most one between two nodes).
        #[arg(long, value_parser = count_in(0, limits::MAX_GENERATE_EDGES))]
        edges: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Graph model.
        #[arg(long, value_enum, default_value_t = GenModel::ScaleFree)]
        model: GenModel,
        /// Output file (.ron or .json); `-` or none writes RON to standard output.
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// Date every edge, publication and event with a seeded year in this range
        /// (e.g. 2007..2016; basis inferred, "generated").
        #[arg(long, value_parser = timeline::parse_span)]
        years: Option<(i32, i32)>,
    },
    /// Run the force layout headless: prints the median milliseconds per step and writes
    /// positions as `id,x,y`.
    Layout {
        /// A graph file, or the prefix of an edge-list pair `PREFIX.nodes.csv` + `PREFIX.edges.csv`
        /// (the shared benchmark format; `PREFIX.edges.csv` alone also works).
        file: PathBuf,
        /// Steps to run, 0 to 1,000,000 (the layout may settle earlier unless --exact).
        #[arg(long, default_value_t = 300, value_parser = count_in(0, limits::MAX_LAYOUT_STEPS))]
        steps: usize,
        /// Run exactly --steps steps even if the layout settles first.
        #[arg(long)]
        exact: bool,
        /// Random seed.
        #[arg(long, default_value_t = crate::layout::from_graph::LAYOUT_SEED)]
        seed: u64,
        /// Positions CSV to write; none writes nothing.
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// Ticks left out of the median (warm-up), 0 to 1,000,000.
        #[arg(long, default_value_t = 10, value_parser = count_in(0, limits::MAX_LAYOUT_STEPS))]
        warmup: usize,
        /// Print one JSON line in the shared benchmark harness's runner format.
        #[arg(long)]
        json: bool,
    },
    /// Rewrite a graph file in canonical form (atomically, the previous version kept as
    /// FILE.bak); with --check write nothing and exit 1 naming the first line that differs.
    Fmt(curate::FmtArgs),
    /// Add an edge backed by a quote: checked as `check` checks, saved in canonical form
    /// (the previous version kept as FILE.bak).
    AddEdge(curate::AddEdgeArgs),
    /// Add a node backed by a quote: checked as `check` checks, saved in canonical form
    /// (the previous version kept as FILE.bak).
    AddNode(curate::AddNodeArgs),
    /// How much of each source text the graph quotes: per source, the share of sentences
    /// that back a quote, and the names in the text that no node is called (--list for
    /// the sentences and names themselves). Exit 0; 2 for a graph that cannot be read.
    Coverage(coverage::CoverageArgs),
    /// Whose words each quote is (the subject's own, or the author's report) and whether
    /// it states or expects: counts by source, and the quotes whose labels the rule
    /// reads otherwise (--apply writes the rule's reading into a RON file). Exit 0.
    Voices(voices::VoicesArgs),
    /// A metric (degree, PageRank, betweenness) on each year's view, as a table of nodes
    /// by year (or by sliding window of --window years); CSV with -o. Exit 2 for bad flags.
    Timeline(timeline::TimelineArgs),
    /// Where an idea first appeared (its earliest dated evidence) and who took it up
    /// afterwards, in date order, each step with its quote. Exit 2 for an unknown node.
    #[command(allow_missing_positional = true)]
    Uptake(timeline::UptakeArgs),
    /// The stance matrix: people (--rows) by ideas (--cols), each cell for, against,
    /// mixed or mentions with its number of stances; --inherit adds the stances of the
    /// texts people wrote; --groups prints stance groups beside the faction claims;
    /// --pairs the agreement graph; CSV with -o. Exit 2 for bad flags.
    Stances(stances::StancesArgs),
    /// Where A and B stand together and apart: the ideas both back, both attack and
    /// disagree on, each stance cited, and any direct relation. Exit 2 for an unknown node.
    Agreement(stances::AgreementArgs),
    /// How are A and B connected? Prints up to k shortest paths, each step with its evidence.
    Path {
        /// Id or label of the first node.
        a: String,
        /// Id or label of the second node.
        b: String,
        /// The graph file (default: the bundled graph.ron).
        file: Option<PathBuf>,
        /// How many paths at most (1 to 100).
        #[arg(long, default_value_t = 3, value_parser = count_in(1, limits::MAX_PATHS))]
        k: usize,
        /// Search only within this part of the graph.
        #[command(flatten)]
        selection: Selection,
    },
}

/// A clap parser for a whole number in `lo..=hi`: out of range, or not a number, is a
/// usage error naming the flag and the range.
fn count_in(lo: usize, hi: usize) -> RangedU64ValueParser<usize> {
    let wide = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    RangedU64ValueParser::new().range(wide(lo)..=wide(hi))
}

/// Parses `export --scale`: a number in
/// [`limits::MIN_PNG_SCALE`]`..=`[`limits::MAX_PNG_SCALE`].
fn parse_scale(s: &str) -> Result<f32, String> {
    let (lo, hi) = (limits::MIN_PNG_SCALE, limits::MAX_PNG_SCALE);
    let v: f32 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number; expected {lo}..={hi}"))?;
    if (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not in {lo}..={hi}"))
    }
}

/// `export --format` takes [`ExportFormat`] directly: one list of formats, each with
/// [`ExportFormat::help`].
impl ValueEnum for ExportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &ExportFormat::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let help = if self.can_stream() {
            self.help().to_owned()
        } else {
            format!("{} (needs -o)", self.help())
        };
        Some(clap::builder::PossibleValue::new(self.name()).help(help))
    }
}

/// Graph models of `generate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GenModel {
    /// Preferential attachment (Barabási–Albert-like).
    ScaleFree,
    /// Planted communities.
    Communities,
}

/// Metrics that `stats --metric` ranks by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MetricArg {
    /// Number of distinct neighbours.
    Degree,
    /// Normalised betweenness centrality.
    Betweenness,
    /// Closeness centrality.
    Closeness,
    /// PageRank (damping 0.85).
    Pagerank,
}

impl MetricArg {
    fn metric(self) -> Metric {
        match self {
            MetricArg::Degree => Metric::Degree,
            MetricArg::Betweenness => Metric::Betweenness,
            MetricArg::Closeness => Metric::Closeness,
            MetricArg::Pagerank => Metric::PageRank,
        }
    }
}

/// The flags that select part of a graph, shared by `stats`, `export`, `compare` and
/// `path`.
///
/// With `--view`, the saved view's filter is the start: `--kind`, `--faction` and
/// `--relation` add to its sets, while `--years`, `--text`, `--focus` and `--depth`,
/// when given, replace its value (and when not given, leave the view's).
#[derive(Debug, Default, Args)]
pub struct Selection {
    /// Only these kinds (repeat or comma-separate): person, organisation, publication, concept, event.
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<String>,
    /// Only these factions (repeat or comma-separate); "(no faction)" for none.
    #[arg(long, value_delimiter = ',')]
    pub faction: Vec<String>,
    /// Only these relations (repeat or comma-separate), e.g. wrote,advocates.
    #[arg(long, value_delimiter = ',')]
    pub relation: Vec<String>,
    /// Year range, e.g. 2015 or 2012..2015 (inclusive).
    #[arg(long)]
    pub years: Option<String>,
    /// Text to match in labels, aliases and descriptions.
    #[arg(long)]
    pub text: Option<String>,
    /// Id or label of a node to focus on.
    #[arg(long)]
    pub focus: Option<String>,
    /// Only edges backed by the subject's own words (a direct quotation, or a text they wrote).
    #[arg(long)]
    pub own_words: bool,
    /// Hide edges that only forecasts or the author's hedges back ("will", "I expect").
    #[arg(long)]
    pub hide_expected: bool,
    /// Steps from the focus node, 1 to 10,000 (default: the view's, else 1).
    #[arg(long, value_parser = count_in(1, limits::MAX_FOCUS_DEPTH))]
    pub depth: Option<usize>,
    /// A saved view (RON) to start from: kinds, factions and relations add to its
    /// sets; years, text, focus and depth replace its values. Nodes it hid, kept or
    /// added by hand stay so.
    #[arg(long)]
    pub view: Option<PathBuf>,
}

impl Selection {
    /// Turns the flags into a [`Filter`], resolving names against the graph.
    ///
    /// # Errors
    /// [`CliError::Message`] naming an unknown kind, relation, faction or node, a bad
    /// year range, or a saved view that cannot be read.
    pub fn to_filter(&self, kg: &KnowledgeGraph) -> Result<Filter, CliError> {
        let mut f = match &self.view {
            Some(p) => io::saved_view::load_view(p)?.spec.filter,
            None => Filter::default(),
        };
        match self.depth {
            Some(d) => f.depth = d,
            None if f.depth == 0 => f.depth = 1,
            None => {}
        }
        for k in &self.kind {
            f.kinds.insert(Kind::from_name(k).ok_or_else(|| {
                format!(
                    "unknown kind {k:?}; expected one of: {}",
                    Kind::ALL.map(Kind::name).join(", ")
                )
            })?);
        }
        for r in &self.relation {
            f.relations.insert(Relation::from_name(r).ok_or_else(|| {
                format!(
                    "unknown relation {r:?}; expected one of: {}",
                    Relation::ALL.map(Relation::name).join(", ")
                )
            })?);
        }
        let known = query::factions(kg);
        for fa in &self.faction {
            let hit = known.iter().find(|k| k.eq_ignore_ascii_case(fa.trim()));
            match hit {
                Some(k) => f.factions.insert(k.clone()),
                None if fa.trim() == query::NO_FACTION => f.factions.insert(fa.trim().to_owned()),
                None => {
                    return Err(CliError::Message(format!(
                        "unknown faction {fa:?}; the graph has: {}",
                        known.join(", ")
                    )));
                }
            };
        }
        if let Some(y) = &self.years {
            f.years = Some(query::parse_years(y)?);
        }
        if let Some(text) = &self.text {
            f.text.clone_from(text);
        }
        if let Some(name) = &self.focus {
            f.focus = Some(resolve_node(kg, name)?);
        }
        f.own_words |= self.own_words;
        f.hide_expected |= self.hide_expected;
        Ok(f)
    }

    /// The nodes the `--view` file hid, kept or added by hand (none without one).
    ///
    /// # Errors
    /// A saved view that cannot be read.
    pub fn by_hand(&self) -> Result<query::ByHand, CliError> {
        Ok(match &self.view {
            Some(p) => io::saved_view::load_view(p)?.spec.by_hand,
            None => query::ByHand::default(),
        })
    }
}

/// Finds a node by id or label (any case); an unknown name suggests close matches.
///
/// # Errors
/// [`CliError::Message`] with up to three close labels.
pub fn resolve_node(kg: &KnowledgeGraph, name: &str) -> Result<String, CliError> {
    let want = name.trim().to_lowercase();
    for n in kg.graph().node_weights() {
        if n.id == name.trim()
            || n.label.to_lowercase() == want
            || n.aliases.iter().any(|a| a.to_lowercase() == want)
        {
            return Ok(n.id.clone());
        }
    }
    let mut close: Vec<(usize, &str)> = kg
        .graph()
        .node_weights()
        .map(|n| {
            let label = n.label.to_lowercase();
            let score = if label.contains(&want) || want.contains(&label) {
                0
            } else {
                edit_distance(crate::model::cut(&label).0, crate::model::cut(&want).0)
            };
            (score, n.label.as_str())
        })
        .collect();
    close.sort();
    let names: Vec<String> = close
        .iter()
        .take(3)
        .map(|(_, l)| crate::model::shown(l))
        .collect();
    Err(CliError::Message(format!(
        "no node named {}; did you mean {}?",
        crate::model::shown(name),
        names.join(", ")
    )))
}

/// Levenshtein distance in characters: time is the product of the lengths, so callers
/// pass names shortened by [`crate::model::cut`].
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        None => open_window(cli.file, cli.sources),
        Some(Command::Generate {
            nodes,
            edges,
            seed,
            model,
            out,
            years,
        }) => generate(nodes, edges, seed, model, years, out.as_deref()),
        Some(Command::Layout {
            file,
            steps,
            exact,
            seed,
            out,
            warmup,
            json,
        }) => layout(&file, steps, exact, seed, out.as_deref(), warmup, json),
        Some(Command::Check { file, sources }) => check(file.as_deref(), sources.as_deref()),
        Some(Command::Fmt(args)) => curate::fmt(&args),
        Some(Command::AddEdge(args)) => curate::add_edge(&args),
        Some(Command::AddNode(args)) => curate::add_node(&args),
        Some(Command::Coverage(args)) => coverage::run(&args),
        Some(Command::Voices(args)) => voices::run(&args),
        Some(Command::Timeline(args)) => timeline::run(&args),
        Some(Command::Uptake(args)) => timeline::run_uptake(&args),
        Some(Command::Stances(args)) => stances::run(&args),
        Some(Command::Agreement(args)) => stances::run_agreement(&args),
        Some(Command::Stats {
            file,
            top,
            metric,
            communities,
            selection,
        }) => with_graph(file.as_deref(), |kg| {
            // Without --metric, the whole summary; with it, what was asked for: Louvain
            // is most of the time of `stats --metric degree` on a large graph.
            let communities = communities || metric.is_none();
            let metric = metric.unwrap_or(MetricArg::Degree);
            stats(kg, &selection, metric, top, communities)
        }),
        Some(Command::Export {
            file,
            format,
            out,
            scale,
            layout,
            selection,
        }) => with_graph(file.as_deref(), |kg| {
            let timed;
            let kg = if layout == "timeline" {
                timed = along_time(kg);
                &timed
            } else {
                kg
            };
            // Never overwrite the knowledge base being exported, nor the view applied.
            let mut protect = vec![file.clone().unwrap_or_else(io::export::bundled_source_path)];
            protect.extend(selection.view.clone());
            let opts = ExportOptions {
                scale,
                protect,
                look: None,
            };
            export(kg, &selection, format, out.as_deref(), opts)
        }),
        Some(Command::Compare {
            first,
            second,
            file,
            selection,
        }) => with_graph(file.as_deref(), |kg| {
            compare(kg, &selection, &first, &second)
        }),
        Some(Command::Path {
            a,
            b,
            file,
            k,
            selection,
        }) => with_graph(file.as_deref(), |kg| path(kg, &selection, &a, &b, k)),
    }
}

fn open_window(file: Option<PathBuf>, sources: Option<PathBuf>) -> ExitCode {
    // A file that cannot even be opened is reported here, where the user typed it; its
    // contents are read in the window, which shows progress and any problems.
    // `open_input` refuses what is not a regular file (a FIFO would block the open itself).
    if let Some(p) = &file
        && let Err(e) = io::open_input(p)
    {
        return report_load_error(&e);
    }
    if let Some(dir) = &sources
        && !dir.is_dir()
    {
        errln!("error: --sources: not a folder ({})", dir.display());
        return ExitCode::from(2);
    }
    match crate::ui::run_native(file, sources) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a load error (all problems for an invalid graph) and picks the exit code:
/// 2 for unreadable input, 1 for a graph with problems.
fn report_load_error(e: &IoError) -> ExitCode {
    match e {
        IoError::Invalid { path, problems } => {
            for p in problems {
                errln!("{path}:{}", p);
            }
            errln!(
                "error: {} problem(s) in {path}; run `ideagraph check` for details",
                problems.len()
            );
            ExitCode::from(1)
        }
        other => {
            errln!("error: {other}");
            ExitCode::from(2)
        }
    }
}

fn with_graph(
    file: Option<&Path>,
    f: impl FnOnce(&KnowledgeGraph) -> Result<(), CliError>,
) -> ExitCode {
    let loaded = match file {
        Some(p) => io::load_graph_file(p),
        None => bundled_graph(),
    };
    match loaded {
        Err(e) => report_load_error(&e),
        Ok(kg) => match f(&kg) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => e.exit(),
        },
    }
}

/// `ideagraph check`: parses a graph file of any format the other commands read and
/// reports every problem, each placed at its own record where the format allows (RON).
fn check(file: Option<&Path>, sources: Option<&Path>) -> ExitCode {
    let (
        io::ParsedFile {
            document: doc,
            ron_text,
        },
        name,
    ) = match parse_named(file) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    let mut problems = crate::model::validate(&doc);
    if let Some(dir) = sources {
        problems.extend(quotes::check_quotes(&doc, dir));
    }
    let mut warnings = crate::model::consistency_warnings(&doc);
    if let Some(dir) = sources {
        warnings.extend(io::voice::check_voices(&doc, dir));
    }
    if let Some(text) = &ron_text {
        ron_format::place_problems(&mut problems, text);
        ron_format::place_problems(&mut warnings, text);
    }
    print_warnings(&warnings, &name);
    print_check_report(&doc, &problems, &name, sources.is_some())
}

/// The document of `file` (the bundled graph when none), parsed without building the
/// graph (so a document with problems still reads), with the name to report it by; a
/// file that cannot be read or parsed is reported, exit code 2.
pub(crate) fn parse_named(file: Option<&Path>) -> Result<(io::ParsedFile, String), ExitCode> {
    let (parsed, name) = match file {
        Some(p) => (io::parse_graph_file(p), p.display().to_string()),
        None => (
            ron_format::parse_document(GRAPH_RON, BUNDLED_NAME).map(|document| io::ParsedFile {
                document,
                ron_text: Some(GRAPH_RON.to_owned()),
            }),
            BUNDLED_NAME.to_owned(),
        ),
    };
    match parsed {
        Ok(p) => Ok((p, name)),
        Err(e) => {
            errln!("error: {e}");
            Err(ExitCode::from(2))
        }
    }
}

/// Prints each consistency warning (placed where it could be) and how many there are:
/// they do not change the exit code.
fn print_warnings(warnings: &[crate::model::Problem], name: &str) {
    let mut text = String::new();
    for w in warnings {
        let at = w.at.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default();
        text.push_str(&format!(
            "{name}{at}: warning [{}] {}\n",
            w.rule.code(),
            w.message
        ));
    }
    if !warnings.is_empty() {
        text.push_str(&format!(
            "{name}: {} consistency warning(s)\n",
            warnings.len()
        ));
    }
    // A reader that went is found again by the report's own lines.
    let _ = emit(&text);
}

/// Prints each problem (placed where it could be) and a summary line, and picks the
/// exit code: 0 clean, 1 with problems.
fn print_check_report(
    doc: &crate::model::Document,
    problems: &[crate::model::Problem],
    name: &str,
    quotes_checked: bool,
) -> ExitCode {
    // Exit 1 with problems even if the reader goes before they are all printed.
    let with_problems = ExitCode::from(1);
    for p in problems {
        match p.at {
            Some((l, c)) => {
                outln!(found with_problems; "{name}:{l}:{c}: [{}] {}", p.rule.code(), p.message);
            }
            None => {
                outln!(found with_problems; "{name}: [{}] {}", p.rule.code(), p.message);
            }
        }
    }
    if !problems.is_empty() {
        outln!(found ExitCode::from(1); "{name}: {} problem(s)", problems.len());
        return ExitCode::from(1);
    }
    let quotes = quotes::all_evidence(doc).len();
    let checked = if quotes_checked {
        ", every quote found in its source"
    } else {
        ""
    };
    outln!(
        "{name}: ok: {} nodes, {} edges, {} sources, {quotes} quotes{checked}",
        doc.nodes.len(),
        doc.edges.len(),
        doc.sources.len()
    );
    ExitCode::SUCCESS
}

/// What `selection` shows: its filter, then, with `--view`, the nodes the view hid,
/// kept or added by hand, as the window shows it.
fn select(kg: &KnowledgeGraph, selection: &Selection) -> Result<View, CliError> {
    let filter = selection.to_filter(kg)?;
    let mut view = query::apply(kg, &filter);
    selection.by_hand()?.apply(kg, &mut view);
    Ok(view)
}

fn stats(
    kg: &KnowledgeGraph,
    selection: &Selection,
    metric: MetricArg,
    top: usize,
    communities: bool,
) -> Result<(), CliError> {
    let view = select(kg, selection)?;
    // Read in place: a copy of a million-node graph took 0.8 GB.
    let part = Part::of(kg, &view);
    let mut out = String::new();
    let title = if kg.title.is_empty() {
        "graph"
    } else {
        kg.title.as_str()
    };
    out += &format!(
        "{title}\n{} of {} nodes, {} of {} edges\n\nNodes by kind\n",
        part.num_nodes(),
        kg.num_nodes(),
        part.num_edges(),
        kg.num_edges()
    );
    let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
    for (_, n) in part.nodes() {
        *kinds.entry(n.kind).or_default() += 1;
    }
    for (k, c) in &kinds {
        out += &format!("  {:<14}{c:>6}\n", k.name());
    }
    out += "\nEdges by relation\n";
    let mut rels: BTreeMap<Relation, usize> = BTreeMap::new();
    for (_, e) in part.edges() {
        *rels.entry(e.relation).or_default() += 1;
    }
    for (r, c) in &rels {
        out += &format!("  {:<14}{c:>6}\n", r.name());
    }
    out += &format!("\nSources ({})\n", part.sources().len());
    for s in part.sources() {
        out += &format!("  {:<34} {}\n", s.id, s.citation());
    }
    let metric = metric.metric();
    let m = if communities {
        metrics::compute_some(kg, &view, &[metric])
    } else {
        metrics::compute_without_communities(kg, &view, &[metric])
    };
    out += &format!("\nTop {top} by {}\n", metric.name());
    for (ix, value) in m.ranked(metric, top) {
        let Some(n) = kg.node_at(ix) else { continue };
        let shown = if metric == Metric::Degree {
            format!("{value:>8.0}")
        } else {
            format!("{value:>8.4}")
        };
        out += &format!("  {shown}  {} ({})\n", n.label, n.kind.name());
    }
    if communities {
        out += &community_lines(kg, &m);
    }
    emit(&out)?;
    Ok(())
}

/// The Louvain communities of `stats`: their number, the modularity and the eight
/// largest, each with its five best-connected members.
fn community_lines(kg: &KnowledgeGraph, m: &metrics::Metrics) -> String {
    let mut out = String::new();
    let communities = m.community.iter().copied().max().map_or(0, |c| c + 1);
    out += &format!(
        "\nCommunities (Louvain): {communities}, modularity {:.3}\n",
        m.modularity
    );
    for c in 0..communities.min(8) {
        let mut members: Vec<(f64, &str)> = m
            .nodes
            .iter()
            .zip(&m.community)
            .filter(|&(_, &cc)| cc == c)
            .filter_map(|(&ix, _)| {
                Some((m.get(Metric::Degree, ix)?, kg.node_at(ix)?.label.as_str()))
            })
            .collect();
        members.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        let names: Vec<&str> = members.iter().take(5).map(|x| x.1).collect();
        out += &format!(
            "  {c}: {} nodes, e.g. {}\n",
            members.len(),
            names.join(", ")
        );
    }
    out
}

/// Writes what `selection` shows in `format`. Pictures are drawn as the window draws
/// the view: with `--view`, its colours, sizes, fade and compared ranges too.
fn export(
    kg: &KnowledgeGraph,
    selection: &Selection,
    format: ExportFormat,
    out: Option<&Path>,
    mut opts: ExportOptions,
) -> Result<(), CliError> {
    let spec = export_spec(kg, selection)?;
    let (view, _) = query::shown(kg, &spec);
    let (written, nodes, edges) = if matches!(format, ExportFormat::Svg | ExportFormat::Png) {
        let (sub, look) = io::image::picture_of(kg, &spec, &view);
        opts.look = Some(look);
        let written = io::export::export_to(&sub, format, out, &opts)?;
        (written, sub.num_nodes(), sub.num_edges())
    } else {
        // Read in place: a copy of a million-node graph took 0.8 GB.
        let part = Part::of(kg, &view);
        let written = io::export::export_part(&part, format, out, &opts)?;
        (written, part.num_nodes(), part.num_edges())
    };
    if !written.is_empty() {
        let files: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        errln!(
            "wrote {nodes} nodes and {edges} edges to {}",
            files.join(", ")
        );
    }
    Ok(())
}

/// A copy of the graph with every node placed along time ([`crate::layout::timeline`]).
fn along_time(kg: &KnowledgeGraph) -> KnowledgeGraph {
    let mut out = kg.clone();
    let at = crate::layout::timeline::timeline_positions(kg, io::image::LAYOUT_MAX_STEPS);
    let ixs: Vec<_> = kg.node_indices().collect();
    for (ix, p) in ixs.into_iter().zip(at) {
        out.set_pos(ix, Some(p));
    }
    out
}

/// The spec an export shows: the `--view` file's (its colour and size mappings, fade
/// and compared ranges), or the default, with the filter the flags make of it.
///
/// # Errors
/// As [`Selection::to_filter`].
fn export_spec(kg: &KnowledgeGraph, selection: &Selection) -> Result<query::ViewSpec, CliError> {
    let mut spec = match &selection.view {
        Some(p) => io::saved_view::load_view(p)?.spec,
        None => query::ViewSpec::default(),
    };
    spec.filter = selection.to_filter(kg)?;
    // `--years` asks for one range: a comparison in the view would show two others.
    if selection.years.is_some() {
        spec.compare = None;
    }
    Ok(spec)
}

fn path(
    kg: &KnowledgeGraph,
    selection: &Selection,
    a: &str,
    b: &str,
    k: usize,
) -> Result<(), CliError> {
    let view = select(kg, selection)?;
    let ia = kg.index_of(&resolve_node(kg, a)?).ok_or("node vanished")?;
    let ib = kg.index_of(&resolve_node(kg, b)?).ok_or("node vanished")?;
    let label = |ix| kg.node_at(ix).map_or("?", |n| n.label.as_str());
    let paths = query::paths::k_shortest_paths(kg, &view, ia, ib, k);
    if paths.is_empty() {
        return Err(CliError::Message(format!(
            "{} and {} are not connected in this view",
            label(ia),
            label(ib)
        )));
    }
    let mut out = String::new();
    for (i, p) in paths.iter().enumerate() {
        let hops = p.steps.len();
        out += &format!(
            "Path {} ({hops} step{}): {}\n",
            i + 1,
            if hops == 1 { "" } else { "s" },
            p.nodes
                .iter()
                .map(|&ix| label(ix))
                .collect::<Vec<_>>()
                .join(" → ")
        );
        for s in query::paths::narrate(kg, p) {
            out += &format!("  - {s}\n");
        }
        out += "\n";
    }
    emit(&out)?;
    Ok(())
}

fn compare(
    kg: &KnowledgeGraph,
    selection: &Selection,
    first: &str,
    second: &str,
) -> Result<(), CliError> {
    if selection.years.is_some() {
        return Err("compare takes its two year ranges as arguments, not --years".into());
    }
    let spec = query::ViewSpec {
        filter: selection.to_filter(kg)?,
        compare: Some((query::parse_years(first)?, query::parse_years(second)?)),
        by_hand: selection.by_hand()?,
        ..query::ViewSpec::default()
    };
    // As the window compares them: with what the view hid, kept or added by hand.
    let (_, c) = query::shown(kg, &spec);
    let c = c.unwrap_or_default();
    let list = |set: &std::collections::BTreeSet<petgraph::stable_graph::NodeIndex>| {
        let mut v: Vec<String> = set
            .iter()
            .filter_map(|&ix| {
                kg.node_at(ix)
                    .map(|n| format!("  {} ({})", n.label, n.kind.name()))
            })
            .collect();
        v.sort();
        v.join("\n")
    };
    emit(&format!(
        "Only in {first} (gone by {second}): {} nodes\n{}\n\nOnly in {second} (new): {} nodes\n{}\n\nIn both: {} nodes\n{}\n",
        c.only_first.len(),
        list(&c.only_first),
        c.only_second.len(),
        list(&c.only_second),
        c.both.len(),
        list(&c.both)
    ))?;
    Ok(())
}

fn generate(
    nodes: usize,
    edges: usize,
    seed: u64,
    model: GenModel,
    years: Option<(i32, i32)>,
    out: Option<&Path>,
) -> ExitCode {
    let model = match model {
        GenModel::ScaleFree => crate::model::generate::Model::ScaleFree,
        GenModel::Communities => crate::model::generate::Model::Communities,
    };
    let mut doc = crate::model::generate::generate(model, nodes, edges, seed);
    if let Some(years) = years {
        crate::model::generate::date_years(&mut doc, years, seed);
    }
    let is_json = out
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let text = if is_json {
        Ok(json::to_string(&KnowledgeGraph::from_document(doc.clone())))
    } else {
        ron_format::to_string(&doc)
    };
    match text.and_then(|t| io::write_output(out, t.as_bytes())) {
        Ok(()) => {
            if let Some(p) = out.filter(|p| p.as_os_str() != "-") {
                errln!(
                    "wrote {} nodes and {} edges to {}",
                    doc.nodes.len(),
                    doc.edges.len(),
                    p.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => CliError::from(e).exit(),
    }
}

/// Node ids, radii and edges to lay out, from a graph file or an edge-list pair.
struct LayoutInput {
    ids: Vec<String>,
    radii: Vec<f32>,
    edges: Vec<(usize, usize)>,
}

fn edge_list_prefix(file: &Path) -> Option<PathBuf> {
    let name = file.to_str()?;
    if let Some(prefix) = name
        .strip_suffix(".edges.csv")
        .or_else(|| name.strip_suffix(".nodes.csv"))
    {
        return Some(PathBuf::from(prefix));
    }
    let prefix = PathBuf::from(name);
    let (edges, _) = edge_list_files(&prefix);
    edges.is_file().then_some(prefix)
}

/// The edge list and node list of an edge-list pair: `PREFIX.edges.csv` and
/// `PREFIX.nodes.csv`.
fn edge_list_files(prefix: &Path) -> (PathBuf, PathBuf) {
    let name = prefix.display();
    (
        PathBuf::from(format!("{name}.edges.csv")),
        PathBuf::from(format!("{name}.nodes.csv")),
    )
}

/// The files `layout` reads for `file`, which its `-o` must never overwrite.
fn layout_inputs(file: &Path) -> Vec<PathBuf> {
    let mut files = vec![file.to_path_buf()];
    if let Some(prefix) = edge_list_prefix(file) {
        let (edges, nodes) = edge_list_files(&prefix);
        files.extend([edges, nodes]);
    }
    files
}

fn read_edge_list(prefix: &Path) -> Result<LayoutInput, IoError> {
    let (edges_path, nodes_path) = edge_list_files(prefix);
    let mut ids: Vec<String> = Vec::new();
    let mut slot: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut intern = |id: &str, ids: &mut Vec<String>| {
        *slot.entry(id.to_owned()).or_insert_with(|| {
            ids.push(id.to_owned());
            ids.len() - 1
        })
    };
    if nodes_path.is_file() {
        let text = io::read_text(&nodes_path)?;
        for line in text.lines().skip(1) {
            if let Some(id) = line.split(',').next().filter(|s| !s.trim().is_empty()) {
                intern(id.trim(), &mut ids);
            }
        }
    }
    let text = io::read_text(&edges_path)?;
    let shown = edges_path.display().to_string();
    let mut edges = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split(',');
        let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
            return Err(IoError::parse_at(
                "expected `source,target`",
                &shown,
                &text,
                i + 1,
                1,
            ));
        };
        let a = intern(a.trim(), &mut ids);
        let b = intern(b.trim(), &mut ids);
        edges.push((a, b));
    }
    let mut degree = vec![0usize; ids.len()];
    for &(a, b) in &edges {
        degree[a] += 1;
        degree[b] += 1;
    }
    let radii = degree
        .into_iter()
        .map(crate::layout::from_graph::node_radius)
        .collect();
    Ok(LayoutInput { ids, radii, edges })
}

fn graph_layout_input(path: &Path) -> Result<LayoutInput, IoError> {
    let kg = io::load_graph_file(path)?;
    let view = View::all(&kg);
    let (sim, nodes) = crate::layout::from_graph::simulation_for(&kg, &view, 0);
    let ids = nodes
        .iter()
        .filter_map(|&ix| kg.node_at(ix).map(|n| n.id.clone()))
        .collect();
    let slot: std::collections::HashMap<_, _> =
        nodes.iter().enumerate().map(|(i, &ix)| (ix, i)).collect();
    let edges = kg
        .edge_indices()
        .filter_map(|e| kg.endpoints(e))
        .filter_map(|(a, b)| Some((*slot.get(&a)?, *slot.get(&b)?)))
        .collect();
    Ok(LayoutInput {
        ids,
        radii: sim.radii().to_vec(),
        edges,
    })
}

fn layout(
    file: &Path,
    steps: usize,
    exact: bool,
    seed: u64,
    out: Option<&Path>,
    warmup: usize,
    json_line: bool,
) -> ExitCode {
    let input = match edge_list_prefix(file) {
        Some(prefix) => read_edge_list(&prefix),
        None => graph_layout_input(file),
    };
    let input = match input {
        Ok(i) => i,
        Err(e) => return report_load_error(&e),
    };
    let (n, m) = (input.ids.len(), input.edges.len());
    let setup = std::time::Instant::now();
    let mut sim = crate::layout::Simulation::new(
        input.radii,
        input.edges,
        crate::layout::Params::default(),
        seed,
    );
    let setup_ms = setup.elapsed().as_secs_f64() * 1000.0;
    // Grown as steps run: the layout usually settles long before --steps.
    let mut times = Vec::new();
    let started = std::time::Instant::now();
    for _ in 0..steps {
        if !exact && sim.is_settled() {
            break;
        }
        let t = std::time::Instant::now();
        sim.step();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let total = started.elapsed().as_secs_f64() + setup_ms / 1000.0;
    let mut sorted: Vec<f64> = times
        .iter()
        .skip(warmup.min(times.len().saturating_sub(1)))
        .copied()
        .collect();
    sorted.sort_by(f64::total_cmp);
    let pct = |q: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    // The positions first: a closed pipe for the summary must not lose them.
    if let Some(out) = out {
        let mut csv = String::from("id,x,y\n");
        for (id, p) in input.ids.iter().zip(sim.positions()) {
            csv += &format!("{id},{},{}\n", p[0], p[1]);
        }
        let written = io::export::check_not_protected(out, &layout_inputs(file))
            .and_then(|()| io::write_output(Some(out), csv.as_bytes()));
        if let Err(e) = written {
            return CliError::from(e).exit();
        }
    }
    let median = pct(0.5);
    if json_line {
        let v = serde_json::json!({
            "peer": "ideagraph",
            "version": env!("CARGO_PKG_VERSION"),
            "graph": file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
            "nodes": n,
            "edges": m,
            "ticks": times.len(),
            "ticks_requested": steps,
            "capped": false,
            "ms_tick_median": median,
            "ms_tick_p10": pct(0.1),
            "ms_tick_p90": pct(0.9),
            "setup_ms": setup_ms,
            "total_s": total,
            "runtime": format!("rust, rayon {} threads", rayon::current_num_threads()),
            "positions": out.map(|p| p.display().to_string()),
        });
        outln!("{v}");
    } else {
        outln!(
            "{n} nodes, {m} edges: {} steps, median {median:.3} ms/step, total {total:.2} s, settled: {}",
            times.len(),
            sim.is_settled()
        );
    }
    ExitCode::SUCCESS
}
