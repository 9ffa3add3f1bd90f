//! Where people stand: the stance matrix of people (rows) by ideas (columns), the
//! agreement between two people, the derived agreement graph and the stance groups.
//!
//! A *stance* is an edge from a row node to a column node whose relation takes a side
//! ([`Stance::of`]): advocates, supports or votes for are *for*; criticises, opposes or
//! rebukes are *against*; mentions takes no side. With inheritance on, a person also
//! holds the stances of the texts they wrote ("Milburn wrote *Up a gear*, which
//! advocates X"), kept apart as [`Link::via`] so the path of inheritance is shown and
//! cited. Everything is computed on a [`View`]: the user's filters apply.

mod agreement;
mod groups;
mod order;

pub use agreement::{
    Agreement, AgreementEdge, AgreementGraph, Shared, agreement, agreement_graph, describe_link,
    narrate_agreement,
};
pub use groups::{FactionRow, StanceGroups, faction_table, stance_groups};
pub use order::{MAX_SERIATED, SortOrder, order_cols, order_rows};

use std::collections::BTreeMap;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use super::filter::View;
use crate::model::{Kind, KnowledgeGraph, Relation};

/// The side a stance takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stance {
    /// Advocates, supports, votes for.
    For,
    /// Criticises, opposes, rebukes.
    Against,
    /// Mentions: no side taken.
    Mentions,
}

impl Stance {
    /// The stance a relation takes, if it takes one.
    pub fn of(relation: Relation) -> Option<Stance> {
        use Relation::*;
        match relation {
            Advocates | Supports | VotesFor => Some(Stance::For),
            Criticises | Opposes | Rebukes => Some(Stance::Against),
            Mentions => Some(Stance::Mentions),
            _ => None,
        }
    }

    /// `+1` for, `-1` against, `0` mentions.
    pub fn sign(self) -> i8 {
        match self {
            Stance::For => 1,
            Stance::Against => -1,
            Stance::Mentions => 0,
        }
    }

    /// A word for it: "for", "against", "mentions".
    pub fn word(self) -> &'static str {
        match self {
            Stance::For => "for",
            Stance::Against => "against",
            Stance::Mentions => "mentions",
        }
    }
}

/// One stance behind a cell: a stance edge from the row (direct), or from a text the row
/// wrote (inherited, through the authorship edge `via`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    /// The side taken.
    pub stance: Stance,
    /// The stance edge (from the row, or from the text the row wrote, to the column).
    pub edge: EdgeIndex,
    /// For an inherited stance, the row's authorship edge to the text.
    pub via: Option<EdgeIndex>,
}

impl Link {
    /// Whether the stance is the row's through a text it wrote.
    pub fn is_inherited(&self) -> bool {
        self.via.is_some()
    }

    /// The edges from the row to the column, in order: the authorship edge (if
    /// inherited), then the stance edge.
    pub fn path(&self) -> Vec<EdgeIndex> {
        self.via.into_iter().chain([self.edge]).collect()
    }
}

/// What a cell shows: the sides its stances take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellStance {
    /// Only for.
    For,
    /// Only against.
    Against,
    /// Both for and against (the row changed its mind, or the texts differ).
    Mixed,
    /// Only mentions.
    Mentions,
}

impl CellStance {
    /// A word for it.
    pub fn word(self) -> &'static str {
        match self {
            CellStance::For => "for",
            CellStance::Against => "against",
            CellStance::Mixed => "mixed",
            CellStance::Mentions => "mentions",
        }
    }
}

/// The stances one row takes on one column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// Each stance, direct ones first, then by edge.
    pub links: Vec<Link>,
}

impl Cell {
    /// How many links take the side.
    pub fn count(&self, stance: Stance) -> usize {
        self.links.iter().filter(|l| l.stance == stance).count()
    }

    /// The sides taken, summed up.
    pub fn stance(&self) -> CellStance {
        match (self.count(Stance::For) > 0, self.count(Stance::Against) > 0) {
            (true, true) => CellStance::Mixed,
            (true, false) => CellStance::For,
            (false, true) => CellStance::Against,
            (false, false) => CellStance::Mentions,
        }
    }

    /// `+1` for, `-1` against, `0` mixed or mentions: the value similarity is computed on.
    pub fn sign(&self) -> i8 {
        match self.stance() {
            CellStance::For => 1,
            CellStance::Against => -1,
            CellStance::Mixed | CellStance::Mentions => 0,
        }
    }

    /// Whether every stance in the cell is inherited through a text.
    pub fn is_inherited_only(&self) -> bool {
        self.links.iter().all(Link::is_inherited)
    }

    /// How many quotes back the cell: the stance edges' quotes (each edge counted once).
    pub fn quotes(&self, kg: &KnowledgeGraph) -> usize {
        let mut edges: Vec<EdgeIndex> = self.links.iter().map(|l| l.edge).collect();
        edges.sort_unstable();
        edges.dedup();
        edges
            .iter()
            .filter_map(|&e| kg.graph().edge_weight(e))
            .map(|w| w.evidence.len())
            .sum()
    }

    /// The cell as a CSV field: `for (2)`, `mixed (1 for, 1 against)`, `mentions (1)`,
    /// with `, inherited` when every stance comes through a text and `, 1 inherited`
    /// when some do.
    pub fn csv_text(&self) -> String {
        let through = self.links.iter().filter(|l| l.is_inherited()).count();
        let inherited = match through {
            0 => String::new(),
            n if n == self.links.len() => ", inherited".to_owned(),
            n => format!(", {n} inherited"),
        };
        match self.stance() {
            CellStance::Mixed => format!(
                "mixed ({} for, {} against{inherited})",
                self.count(Stance::For),
                self.count(Stance::Against)
            ),
            s => format!("{} ({}{inherited})", s.word(), self.links.len()),
        }
    }
}

/// Which nodes are rows and columns, and whether stances are inherited through texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatrixOptions {
    /// Kinds of the rows (default: people).
    pub rows: Vec<Kind>,
    /// Kinds of the columns (default: concepts).
    pub cols: Vec<Kind>,
    /// Whether a row also holds the stances of the publications it wrote, co-wrote or
    /// delivered (not those of a collection it contributed to).
    pub inherit: bool,
}

impl Default for MatrixOptions {
    fn default() -> Self {
        Self {
            rows: vec![Kind::Person],
            cols: vec![Kind::Concept],
            inherit: false,
        }
    }
}

/// The stance matrix: rows by columns, sparse. Rows are the row-kind nodes of the view
/// with at least one stance on a shown column node; columns are the column-kind nodes
/// at least one row takes a stance on. Both are listed in index order (see
/// [`order_rows`] for the other orders).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StanceMatrix {
    /// The options it was built with.
    pub options: MatrixOptions,
    /// Row nodes.
    pub rows: Vec<NodeIndex>,
    /// Column nodes.
    pub cols: Vec<NodeIndex>,
    /// The non-empty cells, by (row position, column position).
    pub cells: BTreeMap<(usize, usize), Cell>,
}

/// Whether a relation makes its source an author of its target text, whose stances are
/// then the author's own: wrote, co-wrote, delivered. A contributor to a collection is
/// left out: the collection's stances are often another contributor's essay.
fn authors(relation: Relation) -> bool {
    matches!(
        relation,
        Relation::Wrote | Relation::CoWrote | Relation::Delivers
    )
}

impl StanceMatrix {
    /// Builds the matrix on a view: only shown nodes and edges count (an inherited stance
    /// needs both its edges shown). Costs one pass over the shown edges, plus each row's
    /// texts' edges when inheriting.
    pub fn build(kg: &KnowledgeGraph, view: &View, options: &MatrixOptions) -> StanceMatrix {
        let g = kg.graph();
        let is = |ix: NodeIndex, kinds: &[Kind]| {
            view.has_node(ix) && g.node_weight(ix).is_some_and(|n| kinds.contains(&n.kind))
        };
        let mut found: BTreeMap<(NodeIndex, NodeIndex), Vec<Link>> = BTreeMap::new();
        for &e in &view.edges {
            let (Some(w), Some((a, b))) = (g.edge_weight(e), kg.endpoints(e)) else {
                continue;
            };
            let Some(stance) = Stance::of(w.relation) else {
                continue;
            };
            if !is(b, &options.cols) {
                continue;
            }
            if is(a, &options.rows) {
                found.entry((a, b)).or_default().push(Link {
                    stance,
                    edge: e,
                    via: None,
                });
            }
            if options.inherit {
                // The text's authors inherit the stance.
                for by in g.edges_directed(a, Direction::Incoming) {
                    let author = by.source();
                    if authors(by.weight().relation)
                        && view.has_edge(by.id())
                        && author != b
                        && is(author, &options.rows)
                    {
                        found.entry((author, b)).or_default().push(Link {
                            stance,
                            edge: e,
                            via: Some(by.id()),
                        });
                    }
                }
            }
        }
        Self::from_links(options.clone(), found)
    }

    fn from_links(
        options: MatrixOptions,
        found: BTreeMap<(NodeIndex, NodeIndex), Vec<Link>>,
    ) -> StanceMatrix {
        let mut rows: Vec<NodeIndex> = found.keys().map(|&(r, _)| r).collect();
        let mut cols: Vec<NodeIndex> = found.keys().map(|&(_, c)| c).collect();
        rows.sort_unstable();
        rows.dedup();
        cols.sort_unstable();
        cols.dedup();
        let at = |list: &[NodeIndex], ix| list.binary_search(&ix).unwrap_or_default();
        let cells = found
            .into_iter()
            .map(|((r, c), mut links)| {
                // Direct stances first, then by edge: a stable order for the sidebar.
                links.sort_unstable_by_key(|l| (l.via.is_some(), l.edge, l.via));
                links.dedup();
                ((at(&rows, r), at(&cols, c)), Cell { links })
            })
            .collect();
        StanceMatrix {
            options,
            rows,
            cols,
            cells,
        }
    }

    /// The cell of a row and column position, if the row takes a stance there.
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells.get(&(row, col))
    }

    /// The position of a node among the rows.
    pub fn row_of(&self, ix: NodeIndex) -> Option<usize> {
        self.rows.binary_search(&ix).ok()
    }

    /// The position of a node among the columns.
    pub fn col_of(&self, ix: NodeIndex) -> Option<usize> {
        self.cols.binary_search(&ix).ok()
    }

    /// The cells of one row, by column position.
    pub fn row_cells(&self, row: usize) -> impl Iterator<Item = (usize, &Cell)> + '_ {
        self.cells
            .range((row, 0)..(row + 1, 0))
            .map(|(&(_, c), cell)| (c, cell))
    }

    /// Each row's signed stances as (column, sign) pairs, mentions and mixed cells left
    /// out: what agreement is computed on.
    pub fn signed_rows(&self) -> Vec<Vec<(usize, i8)>> {
        let mut out = vec![Vec::new(); self.rows.len()];
        for (&(r, c), cell) in &self.cells {
            let s = cell.sign();
            if s != 0 {
                out[r].push((c, s));
            }
        }
        out
    }

    /// Each column's signed stances as (row, sign) pairs.
    pub fn signed_cols(&self) -> Vec<Vec<(usize, i8)>> {
        let mut out = vec![Vec::new(); self.cols.len()];
        for (&(r, c), cell) in &self.cells {
            let s = cell.sign();
            if s != 0 {
                out[c].push((r, s));
            }
        }
        out
    }

    /// How many stances a row takes (cells, not quotes).
    pub fn row_stances(&self, row: usize) -> usize {
        self.row_cells(row).count()
    }

    /// How many rows take a stance on each column, by column position: one pass over
    /// the cells (counting one column at a time was a pass per column).
    pub fn col_stances(&self) -> Vec<usize> {
        let mut counts = vec![0; self.cols.len()];
        for &(_, c) in self.cells.keys() {
            if let Some(n) = counts.get_mut(c) {
                *n += 1;
            }
        }
        counts
    }

    /// The matrix as CSV rows: a header (`name`, `id`, `factions`, then each column's
    /// label), then one row per row node with [`Cell::csv_text`] in each cell (empty
    /// where no stance is taken), in the orders given.
    pub fn csv_rows(
        &self,
        kg: &KnowledgeGraph,
        row_order: &[usize],
        col_order: &[usize],
    ) -> Vec<Vec<String>> {
        let label = |ix: NodeIndex| kg.node_at(ix).map_or(String::new(), |n| n.label.clone());
        let mut header = vec!["name".to_owned(), "id".to_owned(), "factions".to_owned()];
        header.extend(col_order.iter().map(|&c| label(self.cols[c])));
        let mut out = vec![header];
        for &r in row_order {
            let node = kg.node_at(self.rows[r]);
            let mut line = vec![
                label(self.rows[r]),
                node.map_or(String::new(), |n| n.id.clone()),
                node.map_or(String::new(), |n| n.faction_names().join("; ")),
            ];
            line.extend(
                col_order
                    .iter()
                    .map(|&c| self.cell(r, c).map_or(String::new(), Cell::csv_text)),
            );
            out.push(line);
        }
        out
    }
}

/// Pairwise signed agreement between items given as sparse sign vectors (sorted by
/// position): for each pair sharing at least one position, how many positions agree and
/// how many disagree. Computed through an inverted index, so it costs the sum over
/// positions of the square of how many items take a side there, not the square of the
/// item count. Pairs `(i, j)` have `i < j`.
pub fn pair_counts(
    items: &[Vec<(usize, i8)>],
    positions: usize,
) -> BTreeMap<(usize, usize), (u32, u32)> {
    let mut by_position: Vec<Vec<(usize, i8)>> = vec![Vec::new(); positions];
    for (i, signs) in items.iter().enumerate() {
        for &(p, s) in signs {
            if let Some(list) = by_position.get_mut(p) {
                list.push((i, s));
            }
        }
    }
    let mut out: BTreeMap<(usize, usize), (u32, u32)> = BTreeMap::new();
    for list in &by_position {
        for (k, &(i, si)) in list.iter().enumerate() {
            for &(j, sj) in &list[k + 1..] {
                let entry = out.entry((i.min(j), i.max(j))).or_default();
                if si == sj {
                    entry.0 += 1;
                } else {
                    entry.1 += 1;
                }
            }
        }
    }
    out
}

/// How alike two items are from their agreements and disagreements, in (-1, 1): the
/// balance shrunk towards zero by one pseudo-count, so one shared stance (0.5) weighs
/// less than ten (0.91). Items that share nothing are 0.
pub fn similarity(agree: u32, disagree: u32) -> f64 {
    (f64::from(agree) - f64::from(disagree)) / (f64::from(agree) + f64::from(disagree) + 1.0)
}

#[cfg(test)]
mod tests;
