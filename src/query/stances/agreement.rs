//! Agreement between two people, told with both quotes, and the derived agreement graph
//! of everyone against everyone.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::{Link, MatrixOptions, Stance, StanceMatrix, pair_counts};
use crate::model::KnowledgeGraph;
use crate::query::filter::View;
use crate::query::paths::cite_edge;

/// One idea two people both take a side on: the links of each that take the side
/// counted (for both-back, their *for* links; for opposed, each one's own side).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    /// The idea.
    pub concept: NodeIndex,
    /// The first person's links.
    pub a: Vec<Link>,
    /// The second person's links.
    pub b: Vec<Link>,
}

/// Where two people stand together and apart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agreement {
    /// Ideas both are for, by column order (label).
    pub both_back: Vec<Shared>,
    /// Ideas both are against.
    pub both_attack: Vec<Shared>,
    /// Ideas where one is for and the other against (`a` holds the first person's side).
    pub opposed: Vec<Shared>,
    /// Edges directly between the two, either way ("Kendall rebukes Milburn").
    pub direct: Vec<EdgeIndex>,
}

impl Agreement {
    /// Agreements minus disagreements, the agreement graph's weight.
    pub fn balance(&self) -> i64 {
        (self.both_back.len() + self.both_attack.len()) as i64 - self.opposed.len() as i64
    }
}

fn side(links: &[Link], stance: Stance) -> Vec<Link> {
    links
        .iter()
        .copied()
        .filter(|l| l.stance == stance)
        .collect()
}

/// Where `a` and `b` stand on the ideas (the column kinds of `options`) in the view.
/// The rows of `options` are widened to the two nodes' kinds, so any two nodes can be
/// compared; an idea counts once per pairing of sides (someone both for and against an
/// idea can agree and disagree on it).
pub fn agreement(
    kg: &KnowledgeGraph,
    view: &View,
    a: NodeIndex,
    b: NodeIndex,
    options: &MatrixOptions,
) -> Agreement {
    let mut options = options.clone();
    for ix in [a, b] {
        if let Some(n) = kg.node_at(ix)
            && !options.rows.contains(&n.kind)
        {
            options.rows.push(n.kind);
        }
    }
    let m = StanceMatrix::build(kg, view, &options);
    let mut out = Agreement {
        direct: direct_edges(kg, view, a, b),
        ..Agreement::default()
    };
    let (Some(ra), Some(rb)) = (m.row_of(a), m.row_of(b)) else {
        return out;
    };
    let mut cols: Vec<usize> = m.row_cells(ra).map(|(c, _)| c).collect();
    cols.sort_by_key(|&c| kg.node_at(m.cols[c]).map(|n| n.label.to_lowercase()));
    for c in cols {
        let (Some(ca), Some(cb)) = (m.cell(ra, c), m.cell(rb, c)) else {
            continue;
        };
        let pairs = [
            (Stance::For, Stance::For),
            (Stance::Against, Stance::Against),
            (Stance::For, Stance::Against),
            (Stance::Against, Stance::For),
        ];
        for (sa, sb) in pairs {
            let (la, lb) = (side(&ca.links, sa), side(&cb.links, sb));
            if la.is_empty() || lb.is_empty() {
                continue;
            }
            let shared = Shared {
                concept: m.cols[c],
                a: la,
                b: lb,
            };
            match (sa, sb) {
                (Stance::For, Stance::For) => out.both_back.push(shared),
                (Stance::Against, Stance::Against) => out.both_attack.push(shared),
                _ => out.opposed.push(shared),
            }
        }
    }
    out
}

fn direct_edges(kg: &KnowledgeGraph, view: &View, a: NodeIndex, b: NodeIndex) -> Vec<EdgeIndex> {
    let mut out: Vec<EdgeIndex> = kg
        .incident(a)
        .into_iter()
        .filter(|&(e, other, _)| other == b && view.has_edge(e))
        .map(|(e, _, _)| e)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn label(kg: &KnowledgeGraph, ix: NodeIndex) -> String {
    kg.node_at(ix)
        .map_or_else(|| "?".to_owned(), |n| n.label.clone())
}

/// "X advocates Y (citation)" for an edge, in its own direction.
fn edge_sentence(kg: &KnowledgeGraph, e: EdgeIndex) -> String {
    let (Some(w), Some((from, to))) = (kg.graph().edge_weight(e), kg.endpoints(e)) else {
        return String::new();
    };
    format!(
        "{} {} {} {}",
        label(kg, from),
        w.relation.verb(),
        label(kg, to),
        cite_edge(kg, e)
    )
}

/// One stance told with its citation: "Liz Kendall advocates X (citation)", or, when
/// inherited, "Alan Milburn wrote Up a gear (citation), which advocates X (citation)".
pub fn describe_link(kg: &KnowledgeGraph, link: &Link) -> String {
    let Some(via) = link.via else {
        return edge_sentence(kg, link.edge);
    };
    let (Some(w), Some((_, to))) = (kg.graph().edge_weight(link.edge), kg.endpoints(link.edge))
    else {
        return edge_sentence(kg, via);
    };
    format!(
        "{}, which {} {} {}",
        edge_sentence(kg, via),
        w.relation.verb(),
        label(kg, to),
        cite_edge(kg, link.edge)
    )
}

/// The agreement told as sentences: a summary, then each idea with both people's
/// stances cited, then any direct relation between them.
pub fn narrate_agreement(
    kg: &KnowledgeGraph,
    a: NodeIndex,
    b: NodeIndex,
    ag: &Agreement,
) -> Vec<String> {
    let (na, nb) = (label(kg, a), label(kg, b));
    let mut out = vec![format!(
        "{na} and {nb} both back {}, both attack {}, and stand on opposite sides of {}.",
        ideas(ag.both_back.len()),
        ideas(ag.both_attack.len()),
        ideas(ag.opposed.len())
    )];
    let sections = [
        ("Both back", &ag.both_back),
        ("Both attack", &ag.both_attack),
        ("On opposite sides of", &ag.opposed),
    ];
    for (heading, list) in sections {
        for s in list {
            out.push(format!("{heading} {}:", label(kg, s.concept)));
            for link in s.a.iter().chain(&s.b) {
                out.push(format!("  {}.", describe_link(kg, link)));
            }
        }
    }
    if !ag.direct.is_empty() {
        out.push("Directly:".to_owned());
        out.extend(
            ag.direct
                .iter()
                .map(|&e| format!("  {}.", edge_sentence(kg, e))),
        );
    }
    out
}

fn ideas(n: usize) -> String {
    if n == 1 {
        "1 idea".to_owned()
    } else {
        format!("{n} ideas")
    }
}

/// One edge of the agreement graph: two rows that take a side on at least one same idea.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgreementEdge {
    /// The first row node (lower row position).
    pub a: NodeIndex,
    /// The second row node.
    pub b: NodeIndex,
    /// Ideas on which they take the same side.
    pub agree: u32,
    /// Ideas on which they take opposite sides.
    pub disagree: u32,
}

impl AgreementEdge {
    /// Agreements minus disagreements.
    pub fn weight(&self) -> i64 {
        i64::from(self.agree) - i64::from(self.disagree)
    }
}

/// The derived person-to-person graph: an analysis of the stances, never facts of the
/// knowledge base (nothing here is written back).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgreementGraph {
    /// Every row of the matrix, in index order.
    pub nodes: Vec<NodeIndex>,
    /// Pairs that share at least one signed stance, by row position.
    pub edges: Vec<AgreementEdge>,
}

/// The agreement graph of a matrix's rows (mixed cells and mentions take no side).
pub fn agreement_graph(m: &StanceMatrix) -> AgreementGraph {
    let edges = pair_counts(&m.signed_rows(), m.cols.len())
        .into_iter()
        .map(|((i, j), (agree, disagree))| AgreementEdge {
            a: m.rows[i],
            b: m.rows[j],
            agree,
            disagree,
        })
        .collect();
    AgreementGraph {
        nodes: m.rows.clone(),
        edges,
    }
}
