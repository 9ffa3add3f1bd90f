//! A node's *Passages*: every quote that backs any of its facts (its own evidence, its
//! roles and faction claims, its edges' evidence), across all sources, as keyword-in-
//! context lines sorted by the source's date; each opens the reader at its passage.

use egui::text::{LayoutJob, TextFormat};
use egui::{Sense, Ui};
use petgraph::stable_graph::NodeIndex;

use super::library::{Backing, Library};
use crate::io::sources::keyword_in_context;
use crate::model::{Evidence, KnowledgeGraph, PartialDate};
use crate::ui::command::Command;

/// Words of context either side of a passage.
const CONTEXT_WORDS: usize = 6;

/// One quote backing facts of a node.
#[derive(Clone, Debug, PartialEq)]
pub struct Passage {
    /// The quote and its source.
    pub evidence: Evidence,
    /// Every fact of the node it backs, in the order met.
    pub backs: Vec<Backing>,
    /// The source's date, if it has one.
    pub date: Option<PartialDate>,
}

/// Every quote backing a fact of node `ix`, each once (a quote backing two facts lists
/// both), sorted by the source's date (undated last), then by the sources' order, then
/// by where the passage sits in its text when `library` has it, then by the quote.
///
/// # Complexity
/// O(q log q) for the node's q quotes, plus its edges.
pub fn node_passages(
    kg: &KnowledgeGraph,
    ix: NodeIndex,
    library: Option<&Library>,
) -> Vec<Passage> {
    let Some(node) = kg.node_at(ix) else {
        return Vec::new();
    };
    let mut found: Vec<(Backing, &Evidence)> = Vec::new();
    found.extend(node.evidence.iter().map(|ev| (Backing::Node(ix), ev)));
    for (i, r) in node.roles.iter().enumerate() {
        found.push((Backing::Role(ix, i), &r.evidence));
    }
    for (i, f) in node.factions.iter().enumerate() {
        found.push((Backing::Faction(ix, i), &f.evidence));
    }
    for (e, ..) in kg.incident(ix) {
        if let Some(w) = kg.graph().edge_weight(e) {
            found.extend(w.evidence.iter().map(|ev| (Backing::Edge(e), ev)));
        }
    }
    let mut out: Vec<Passage> = Vec::new();
    for (backing, ev) in found {
        match out.iter_mut().find(|p| p.evidence == *ev) {
            Some(p) if !p.backs.contains(&backing) => p.backs.push(backing),
            Some(_) => {}
            None => out.push(Passage {
                evidence: ev.clone(),
                backs: vec![backing],
                date: kg
                    .source(&ev.source)
                    .and_then(|s| s.date.as_ref())
                    .map(|d| d.date),
            }),
        }
    }
    let order = |id: &str| {
        kg.sources
            .iter()
            .position(|s| s.id == id)
            .unwrap_or(usize::MAX)
    };
    let at = |ev: &Evidence| {
        library
            .and_then(|l| l.locate(ev))
            .map_or(usize::MAX, |(_, r)| r.start)
    };
    out.sort_by_cached_key(|p| {
        (
            p.date.is_none(),
            p.date,
            order(&p.evidence.source),
            at(&p.evidence),
            p.evidence.quote.clone(),
        )
    });
    out
}

/// The *Passages* section for node `ix`, folded until opened (it can be long). Lines
/// show words of context when `library` has the text.
pub fn passages_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    ix: NodeIndex,
    library: Option<&Library>,
    cmds: &mut Vec<Command>,
) {
    let header = egui::CollapsingHeader::new("Passages")
        .id_salt("ideagraph-passages")
        .show(ui, |ui| {
            let passages = node_passages(kg, ix, library);
            if passages.is_empty() {
                ui.weak("No quote backs any fact of this node.");
            }
            for (i, p) in passages.iter().enumerate() {
                passage_ui(ui, kg, library, p, i, cmds);
            }
        });
    header.header_response.on_hover_text(
        "Every quote behind this node's facts, by the date of its source: click one to read it in its source",
    );
}

/// One passage: where it is from and what it backs, then the line in context.
fn passage_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    library: Option<&Library>,
    p: &Passage,
    i: usize,
    cmds: &mut Vec<Command>,
) {
    let source = kg.source(&p.evidence.source);
    let when = p
        .date
        .map_or_else(|| "undated".to_owned(), |d| d.to_string());
    let from = source.map_or_else(
        || p.evidence.source.clone(),
        |s| s.outlet.clone().unwrap_or_else(|| s.title.clone()),
    );
    let backs: Vec<String> = p.backs.iter().filter_map(|b| b.describe(kg)).collect();
    ui.add_space(4.0);
    ui.weak(format!("{when} · {from} — {}", backs.join("; ")));
    let kwic = library
        .and_then(|l| l.locate(&p.evidence))
        .and_then(|(file, r)| keyword_in_context(&file.text, r, CONTEXT_WORDS));
    let mut job = LayoutJob::default();
    let style = ui.style();
    let font = egui::TextStyle::Body.resolve(style);
    let weak = TextFormat::simple(font.clone(), ui.visuals().weak_text_color());
    let strong = TextFormat {
        italics: true,
        ..TextFormat::simple(font, ui.visuals().strong_text_color())
    };
    match &kwic {
        Some(k) => {
            job.append(&k.before, 0.0, weak.clone());
            job.append(&k.passage, 0.0, strong);
            job.append(&k.after, 0.0, weak);
        }
        None => job.append(
            &format!("\u{201c}{}\u{201d}", p.evidence.quote),
            0.0,
            strong,
        ),
    }
    let resp = ui
        .add(egui::Label::new(job).sense(Sense::click()))
        .on_hover_text("Open the source reader at this passage");
    // Read out as shown: the passage in its words of context.
    let words = match &kwic {
        Some(k) => k.to_string(),
        None => format!("\u{201c}{}\u{201d}", p.evidence.quote),
    };
    let name = format!("Passage {}: {words}", i + 1);
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, name.clone()));
    if resp.clicked() {
        cmds.push(Command::ShowInSource(p.evidence.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Basis, Dated, Document, Edge, Kind, Node, Relation, Role, Source};

    fn source(id: &str, date: Option<&str>) -> Source {
        Source {
            node: None,
            id: id.into(),
            title: id.to_uppercase(),
            outlet: None,
            authors: vec![],
            date: date.map(|d| Dated {
                date: d.parse().expect("a date"),
                basis: Basis::Stated,
            }),
            file: String::new(),
            note: None,
        }
    }

    fn ev(source: &str, quote: &str) -> Evidence {
        Evidence::new(source, quote)
    }

    #[test]
    fn passages_gather_every_fact_once_and_sort_by_date_undated_last() {
        let mut d = Document {
            sources: vec![
                source("late", Some("2015")),
                source("none", None),
                source("early", Some("2008-05")),
            ],
            ..Document::default()
        };
        let mut a = Node::new("a", "A", Kind::Person);
        a.evidence.push(ev("late", "shared words"));
        a.roles.push(Role {
            title: "Minister".into(),
            when: None,
            evidence: ev("none", "the minister"),
        });
        d.nodes.push(a);
        d.nodes.push(Node::new("b", "B", Kind::Concept));
        let mut e = Edge::new("a", "b", Relation::Advocates);
        e.evidence = vec![ev("early", "A backs B"), ev("late", "shared words")];
        d.edges.push(e);
        let kg = KnowledgeGraph::from_document(d);
        let a = kg.index_of("a").expect("a");
        let got = node_passages(&kg, a, None);
        let quotes: Vec<&str> = got.iter().map(|p| p.evidence.quote.as_str()).collect();
        assert_eq!(quotes, ["A backs B", "shared words", "the minister"]);
        let shared = got.get(1).expect("shared");
        assert_eq!(
            shared.backs.len(),
            2,
            "the node's own evidence and the edge's"
        );
        let names: Vec<String> = shared
            .backs
            .iter()
            .filter_map(|b| b.describe(&kg))
            .collect();
        assert_eq!(names, ["A (what it is)", "A advocates B"]);
        assert!(node_passages(&kg, NodeIndex::new(99), None).is_empty());
    }
}
