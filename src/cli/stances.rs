//! `ideagraph stances`: the stance matrix of people by ideas, its stance groups beside
//! the faction claims, and the agreement graph; `ideagraph agreement A B`: where two
//! people stand together and apart, told as sentences with citations
//! ([`crate::query::stances`]).
//!
//! # Exit codes
//! 0 printed or written; 1 an unknown node or kind, an order that is not one, or an
//! output that cannot be written (as `stats` and `path`); 2 flags the parser refuses, or
//! a graph that cannot be read.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, Selection, emit, resolve_node, select, with_graph};
use crate::io;
use crate::model::{Kind, KnowledgeGraph};
use crate::query::stances::{
    MAX_SERIATED, MatrixOptions, SortOrder, StanceMatrix, agreement, agreement_graph,
    faction_table, narrate_agreement, order_cols, order_rows, stance_groups,
};

/// `ideagraph stances`: its arguments.
#[derive(Debug, Args)]
pub struct StancesArgs {
    /// The graph file (default: the bundled graph.ron).
    pub file: Option<PathBuf>,
    /// Kinds of the rows (comma-separated): person, organisation, publication, ...
    #[arg(long, default_value = "person")]
    pub rows: String,
    /// Kinds of the columns (comma-separated).
    #[arg(long, default_value = "concept")]
    pub cols: String,
    /// Also give people the stances of the texts they wrote, co-wrote or delivered
    /// (marked "inherited", the text named).
    #[arg(long)]
    pub inherit: bool,
    /// Row order: name, stances, faction or similarity (seriation).
    #[arg(long, default_value = "name")]
    pub sort: String,
    /// Column order: name, stances or similarity (default: as --sort).
    #[arg(long)]
    pub sort_cols: Option<String>,
    /// Print the stance groups (rows clustered by signed agreement) beside the faction
    /// claims instead of the matrix.
    #[arg(long, conflicts_with = "pairs")]
    pub groups: bool,
    /// Write the agreement graph (one row per pair of rows sharing a stance) instead of
    /// the matrix.
    #[arg(long)]
    pub pairs: bool,
    /// Write CSV to this file (atomically; `-` for standard output) instead of printing.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Which part of the graph the matrix is built on.
    #[command(flatten)]
    pub selection: Selection,
}

/// `ideagraph agreement`: its arguments.
#[derive(Debug, Args)]
pub struct AgreementArgs {
    /// Id or label of the first person.
    pub a: String,
    /// Id or label of the second person.
    pub b: String,
    /// The graph file (default: the bundled graph.ron).
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// Count the stances of the texts each wrote as theirs (marked, the text named).
    #[arg(long)]
    pub inherit: bool,
    /// Which part of the graph is compared.
    #[command(flatten)]
    pub selection: Selection,
}

/// Kinds from a comma-separated list.
fn kinds(flag: &str, list: &str) -> Result<Vec<Kind>, CliError> {
    let mut out = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let kind = Kind::from_name(name).ok_or_else(|| {
            format!(
                "--{flag}: unknown kind {name:?}; expected one of: {}",
                Kind::ALL.map(Kind::name).join(", ")
            )
        })?;
        if !out.contains(&kind) {
            out.push(kind);
        }
    }
    if out.is_empty() {
        return Err(format!("--{flag}: name at least one kind").into());
    }
    Ok(out)
}

fn sort_order(flag: &str, name: &str) -> Result<SortOrder, CliError> {
    SortOrder::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = SortOrder::ALL.iter().map(|o| o.name()).collect();
        CliError::Message(format!(
            "--{flag}: unknown order {name:?}; expected one of: {}",
            names.join(", ")
        ))
    })
}

/// Runs `ideagraph stances`.
pub fn run(args: &StancesArgs) -> std::process::ExitCode {
    with_graph(args.file.as_deref(), |kg| stances(kg, args))
}

fn stances(kg: &KnowledgeGraph, args: &StancesArgs) -> Result<(), CliError> {
    let options = MatrixOptions {
        rows: kinds("rows", &args.rows)?,
        cols: kinds("cols", &args.cols)?,
        inherit: args.inherit,
    };
    let row_sort = sort_order("sort", &args.sort)?;
    let col_sort = sort_order("sort-cols", args.sort_cols.as_deref().unwrap_or(&args.sort))?;
    let view = select(kg, &args.selection)?;
    let m = StanceMatrix::build(kg, &view, &options);
    if args.groups {
        return emit(&groups_text(kg, &m)).map_err(CliError::from);
    }
    if args.pairs {
        let bytes = io::stances::agreement_csv(kg, &agreement_graph(&m))?;
        return Ok(io::write_output(args.out.as_deref(), &bytes)?);
    }
    let rows = order_rows(kg, &m, row_sort);
    let cols = order_cols(kg, &m, col_sort);
    match &args.out {
        Some(out) => {
            let bytes = io::stances::table_csv(&m.csv_rows(kg, &rows, &cols))?;
            Ok(io::write_output(Some(out), &bytes)?)
        }
        None => emit(&matrix_text(kg, &m, &rows, &cols)).map_err(CliError::from),
    }
}

fn label(kg: &KnowledgeGraph, ix: petgraph::stable_graph::NodeIndex) -> String {
    kg.node_at(ix)
        .map_or_else(|| "?".to_owned(), |n| n.label.clone())
}

/// One line per row: its name and factions, then each stance with its quote count.
fn matrix_text(kg: &KnowledgeGraph, m: &StanceMatrix, rows: &[usize], cols: &[usize]) -> String {
    let mut out = format!(
        "{} rows by {} columns, {} stances{}\n",
        m.rows.len(),
        m.cols.len(),
        m.cells.len(),
        if m.options.inherit {
            " (with those inherited through texts)"
        } else {
            ""
        }
    );
    for &r in rows {
        let factions = kg
            .node_at(m.rows[r])
            .map(|n| n.faction_names().join(", "))
            .filter(|f| !f.is_empty())
            .map_or(String::new(), |f| format!(" [{f}]"));
        let cells: Vec<String> = cols
            .iter()
            .filter_map(|&c| m.cell(r, c).map(|cell| (c, cell)))
            .map(|(c, cell)| {
                format!("{} {}", cell.stance().word(), label(kg, m.cols[c])) + &cell_note(cell)
            })
            .collect();
        out += &format!("{}{factions}: {}\n", label(kg, m.rows[r]), cells.join("; "));
    }
    out
}

fn cell_note(cell: &crate::query::stances::Cell) -> String {
    let mut notes = Vec::new();
    if cell.links.len() > 1 {
        notes.push(format!("{} stances", cell.links.len()));
    }
    if cell.is_inherited_only() {
        notes.push("inherited".to_owned());
    }
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    }
}

/// The stance groups, then the table of faction claims by group.
fn groups_text(kg: &KnowledgeGraph, m: &StanceMatrix) -> String {
    let Some(g) = stance_groups(m) else {
        return format!(
            "{} rows: stance groups are computed for at most {MAX_SERIATED}; narrow the view\n",
            m.rows.len()
        );
    };
    let mut out = format!(
        "{} stance groups among {} rows (average-linkage clustering of signed agreement; an analysis, not a faction claim)\n",
        g.groups.len(),
        m.rows.len()
    );
    for (k, rows) in g.groups.iter().enumerate() {
        let names: Vec<String> = rows.iter().map(|&r| label(kg, m.rows[r])).collect();
        out += &format!("Group {} ({}): {}\n", k + 1, rows.len(), names.join(", "));
    }
    let alone = g.group_of.iter().filter(|x| x.is_none()).count();
    out += &format!("In no group: {alone}\n\nFaction claims by stance group\n");
    let head: Vec<String> = (1..=g.groups.len()).map(|k| format!("group {k}")).collect();
    out += &format!("faction\t{}\tno group\n", head.join("\t"));
    for row in faction_table(kg, m, &g) {
        let counts: Vec<String> = row.per_group.iter().map(usize::to_string).collect();
        out += &format!(
            "{}\t{}\t{}\n",
            row.faction,
            counts.join("\t"),
            row.ungrouped
        );
    }
    out
}

/// Runs `ideagraph agreement`.
pub fn run_agreement(args: &AgreementArgs) -> std::process::ExitCode {
    with_graph(args.file.as_deref(), |kg| {
        let view = select(kg, &args.selection)?;
        let a = kg
            .index_of(&resolve_node(kg, &args.a)?)
            .ok_or("node vanished")?;
        let b = kg
            .index_of(&resolve_node(kg, &args.b)?)
            .ok_or("node vanished")?;
        let options = MatrixOptions {
            inherit: args.inherit,
            ..MatrixOptions::default()
        };
        let ag = agreement(kg, &view, a, b, &options);
        let mut out = String::new();
        for line in narrate_agreement(kg, a, b, &ag) {
            out += &line;
            out.push('\n');
        }
        emit(&out).map_err(CliError::from)
    })
}
