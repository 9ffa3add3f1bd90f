//! *Add as evidence to…*: a passage from the reader added to the evidence of a fact
//! already in the graph — a node, one of its edges, or one of its roles or faction
//! claims. The node is chosen by typing (the current selection to start with), then the
//! fact from its list. A role or a faction claim holds one quote, so the passage
//! replaces it (re-anchors the claim); a node or an edge gains it.

use egui::{RichText, Ui};
use petgraph::stable_graph::EdgeIndex;

use super::fields::{error_ui, evidence_problem, passage_ui, radio_ui, short};
use super::naming::sentence;
use super::picker::{NodePicker, picker_ui};
use super::quote_check::QuoteCheck;
use super::{Form, Select, Sending, Submitted};
use crate::model::{Edit, Evidence, KnowledgeGraph, Node, Target, edge_problems, node_problems};
use crate::ui::history::Selection;

/// Most edges of the chosen node listed: a hub's thousands would cost the frame.
const MAX_EDGES: usize = 50;

/// Which of the node's facts takes the passage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    /// The node's own list of quotes.
    Node,
    /// The edge at this index.
    Edge(EdgeIndex),
    /// The role at this position.
    Role(usize),
    /// The faction claim at this position.
    Faction(usize),
}

/// The chosen node's edges as listed: the index and the sentence.
type Listed = Vec<(EdgeIndex, String)>;

/// What a list of edges was made for: the node, the graph's revision and the choice.
type ListedFor = (String, u64, Option<Choice>);

/// The dialog.
pub(super) struct AddEvidence {
    evidence: Evidence,
    node: NodePicker,
    choice: Option<Choice>,
    /// The chosen node's edges (the first [`MAX_EDGES`], the chosen one always) and how
    /// many it has, keyed on the node and the graph's revision.
    edges: Option<(ListedFor, Listed, usize)>,
    pub(super) refused: Option<String>,
}

impl AddEvidence {
    /// The dialog for this passage, starting on the selection: a node's own quotes, or
    /// the selected edge.
    pub(super) fn new(
        evidence: Evidence,
        kg: &KnowledgeGraph,
        selection: Option<Selection>,
    ) -> Self {
        let (node, choice) = match selection {
            Some(Selection::Node(ix)) => (kg.node_at(ix).map(|n| n.id.clone()), Some(Choice::Node)),
            Some(Selection::Edge(e)) => {
                let from = kg.graph().edge_weight(e).map(|w| w.from.clone());
                (from, Some(Choice::Edge(e)))
            }
            None => (None, None),
        };
        Self {
            evidence,
            choice: node.as_ref().and(choice),
            node: NodePicker::with(node),
            edges: None,
            refused: None,
        }
    }

    /// The chosen node's edges to list, worked out when the node or the graph changes.
    fn listed(&mut self, kg: &KnowledgeGraph, id: &str) -> (Listed, usize) {
        let key = (id.to_owned(), kg.revision(), self.choice);
        if self.edges.as_ref().is_none_or(|(k, ..)| *k != key) {
            let mut all: Vec<EdgeIndex> = kg
                .index_of(id)
                .map(|ix| kg.incident(ix).into_iter().map(|(e, ..)| e).collect())
                .unwrap_or_default();
            all.dedup();
            let total = all.len();
            let chosen = match self.choice {
                Some(Choice::Edge(e)) if all.contains(&e) => Some(e),
                _ => None,
            };
            let shown = chosen.into_iter().chain(
                all.into_iter()
                    .filter(|e| Some(*e) != chosen)
                    .take(MAX_EDGES),
            );
            let listed = shown
                .filter_map(|e| kg.graph().edge_weight(e).map(|w| (e, sentence(kg, w))))
                .collect();
            self.edges = Some((key, listed, total));
        }
        self.edges
            .as_ref()
            .map(|(_, l, n)| (l.clone(), *n))
            .unwrap_or_default()
    }

    /// The edit, its name and what to select; or why not.
    fn build(&self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) -> Result<Sending, String> {
        if let Some(why) = evidence_problem(kg, quotes, &self.evidence) {
            return Err(why);
        }
        let node = self
            .node
            .id(kg)
            .and_then(|id| kg.node(id))
            .ok_or("Choose the node whose fact the passage backs.")?;
        let choice = self.choice.ok_or("Choose the fact the passage backs.")?;
        let ev = self.evidence.clone();
        let is_source = |s: &str| kg.source(s).is_some();
        match choice {
            Choice::Edge(e) => {
                let edge = kg
                    .graph()
                    .edge_weight(e)
                    .ok_or("That edge is no longer in the graph.")?;
                if edge.evidence.contains(&ev) {
                    return Err("The edge already has this quote.".to_owned());
                }
                let mut after = edge.clone();
                after.evidence.push(ev.clone());
                let is_node = |id: &str| kg.index_of(id).is_some();
                blocking(edge_problems(&after, e.index(), is_node, is_source))?;
                Ok(Sending {
                    label: format!("add evidence to edge {}", sentence(kg, edge)),
                    edit: Edit::AddEvidence {
                        target: Target::Edge(e),
                        at: edge.evidence.len(),
                        evidence: ev,
                    },
                    then: Select::EdgeAt(e),
                })
            }
            Choice::Node => {
                if node.evidence.contains(&ev) {
                    return Err("The node already has this quote.".to_owned());
                }
                let mut after = node.clone();
                after.evidence.push(ev.clone());
                blocking(node_problems(&after, is_source))?;
                Ok(Sending {
                    label: format!("add evidence to node {}", node.label),
                    edit: Edit::AddEvidence {
                        target: Target::Node(node.id.clone()),
                        at: node.evidence.len(),
                        evidence: ev,
                    },
                    then: Select::Node(node.id.clone()),
                })
            }
            Choice::Role(i) | Choice::Faction(i) => reanchor(node, choice, i, ev, is_source),
        }
    }
}

/// "1 quote", "2 quotes".
fn quotes(n: usize) -> String {
    format!("{n} quote{}", if n == 1 { "" } else { "s" })
}

/// The update that gives a role or faction claim the passage as its quote.
fn reanchor(
    node: &Node,
    choice: Choice,
    i: usize,
    ev: Evidence,
    is_source: impl Fn(&str) -> bool,
) -> Result<Sending, String> {
    let mut after = node.clone();
    let label = match choice {
        Choice::Role(_) => {
            let role = after
                .roles
                .get_mut(i)
                .ok_or("That role is no longer there.")?;
            role.evidence = ev;
            format!("re-anchor role {} of {}", role.title, node.label)
        }
        _ => {
            let claim = after
                .factions
                .get_mut(i)
                .ok_or("That faction claim is no longer there.")?;
            claim.evidence = ev;
            format!(
                "re-anchor faction claim {} of {}",
                claim.faction, node.label
            )
        }
    };
    if after == *node {
        return Err("It already rests on this quote.".to_owned());
    }
    blocking(node_problems(&after, is_source))?;
    Ok(Sending {
        label,
        then: Select::Node(node.id.clone()),
        edit: Edit::UpdateNode {
            id: node.id.clone(),
            node: after,
        },
    })
}

/// The first problem that would block the edit, as `apply` judges it: adding a quote
/// cannot newly break a rule tolerated on load, so those are left out.
fn blocking(problems: Vec<crate::model::Problem>) -> Result<(), String> {
    match problems.into_iter().find(|p| !p.rule.tolerated_on_load()) {
        Some(p) => Err(p.message),
        None => Ok(()),
    }
}

impl AddEvidence {
    /// The facts of the chosen node to pick from.
    fn choices_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, node: &Node) {
        let mut choose = |ui: &mut Ui, c: Choice, text: String, name: String| {
            if radio_ui(ui, self.choice == Some(c), &text, &name) {
                self.choice = Some(c);
            }
        };
        let n = node.evidence.len();
        choose(
            ui,
            Choice::Node,
            format!("What describes {} ({})", node.label, quotes(n)),
            "Evidence of the node".to_owned(),
        );
        for (i, r) in node.roles.iter().enumerate() {
            choose(
                ui,
                Choice::Role(i),
                format!("Role: {}", r.title),
                format!("Role: {}", r.title),
            );
        }
        for (i, f) in node.factions.iter().enumerate() {
            choose(
                ui,
                Choice::Faction(i),
                format!("Faction claim: {}", f.faction),
                format!("Faction claim: {}", f.faction),
            );
        }
        let (listed, total) = self.listed(kg, &node.id);
        for (e, s) in listed {
            let n = kg.graph().edge_weight(e).map_or(0, |w| w.evidence.len());
            if radio_ui(
                ui,
                self.choice == Some(Choice::Edge(e)),
                &format!("{s} ({})", quotes(n)),
                &format!("Edge: {s}"),
            ) {
                self.choice = Some(Choice::Edge(e));
            }
        }
        if total > MAX_EDGES {
            ui.weak(format!(
                "{} more edges not listed: select the edge on the canvas first, then add the passage to it.",
                total - MAX_EDGES
            ));
        }
        let held = match self.choice {
            Some(Choice::Role(i)) => node.roles.get(i).map(|r| &r.evidence),
            Some(Choice::Faction(i)) => node.factions.get(i).map(|f| &f.evidence),
            _ => None,
        };
        if let Some(old) = held {
            ui.weak(format!(
                "It holds one quote: the passage replaces \u{201c}{}\u{201d}.",
                short(&old.quote)
            ));
        }
    }
}

impl Form for AddEvidence {
    fn title(&self) -> &'static str {
        "Add as evidence"
    }

    fn action(&self) -> &'static str {
        "Add evidence"
    }

    fn body_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) {
        ui.label("The passage:");
        passage_ui(ui, kg, &self.evidence);
        ui.separator();
        if picker_ui(ui, "Fact of node", kg, &mut self.node, None) {
            self.choice = Some(Choice::Node);
        }
        let node = self.node.id(kg).and_then(|id| kg.node(id)).cloned();
        if let Some(node) = node {
            ui.label(RichText::new("Add it to:").strong());
            self.choices_ui(ui, kg, &node);
        }
        if let Err(why) = self.build(kg, quotes)
            && self.choice.is_some()
        {
            error_ui(ui, &why);
        }
    }

    fn submit(&mut self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) -> Submitted {
        self.refused = None;
        match self.build(kg, quotes) {
            Ok(sending) => Submitted::Send(Box::new(sending)),
            Err(why) => {
                self.refused = Some(why);
                Submitted::Stay
            }
        }
    }

    fn refused(&mut self) -> &mut Option<String> {
        &mut self.refused
    }
}
