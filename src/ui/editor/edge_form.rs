//! *Edit edge*: its relation, its direction (swap the ends), its date and basis, its
//! note and its evidence (add a quote, remove one, or re-anchor one: change its words
//! or its source), sent as one update. The edge keeps its index, and what the form
//! does not show (imported attributes) is kept as it was.

use egui::{RichText, Ui};
use petgraph::stable_graph::EdgeIndex;

use super::checks::{Field, Problems, problems_ui};
use super::fields::{DateInput, EvidenceInput, choice_ui, date_ui, evidence_ui, text_ui};
use super::naming::{label_of, sentence};
use super::node_form::named_button;
use super::quote_check::QuoteCheck;
use super::{Form, Select, Sending, Submitted};
use crate::model::{Edge, Edit, KnowledgeGraph, Relation, Rule, edge_problems};

/// The edge form.
pub(super) struct EdgeForm {
    at: EdgeIndex,
    /// The record as it was.
    original: Edge,
    /// The ends swapped.
    swapped: bool,
    relation: Relation,
    date: DateInput,
    note: String,
    evidence: Vec<EvidenceInput>,
    pub(super) refused: Option<String>,
}

impl EdgeForm {
    /// The form of the edge at `at`, if there is one.
    pub(super) fn new(kg: &KnowledgeGraph, at: EdgeIndex) -> Option<Self> {
        let edge = kg.graph().edge_weight(at)?;
        Some(Self {
            at,
            original: edge.clone(),
            swapped: false,
            relation: edge.relation,
            date: DateInput::of(edge.date.as_ref()),
            note: edge.note.clone().unwrap_or_default(),
            evidence: edge.evidence.iter().map(EvidenceInput::of).collect(),
            refused: None,
        })
    }

    /// The record the form describes, and what is wrong with it.
    fn build(&self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) -> (Edge, Problems) {
        let mut p = Problems::default();
        let mut e = self.original.clone();
        if self.swapped {
            std::mem::swap(&mut e.from, &mut e.to);
        }
        e.relation = self.relation;
        e.date = self.date.parse().unwrap_or_else(|why| {
            p.wrong(Field::Date, why);
            None
        });
        let note = self.note.trim();
        e.note = (!note.is_empty()).then(|| note.to_owned());
        e.evidence = self.evidence.iter().map(EvidenceInput::evidence).collect();
        for (i, input) in self.evidence.iter().enumerate() {
            if let Some(why) = input.problem(kg, quotes) {
                p.wrong(Field::Quote(i), why);
            }
        }
        let is_node = |id: &str| kg.index_of(id).is_some();
        let is_source = |s: &str| kg.source(s).is_some();
        let index = self.at.index();
        // As `apply` does: a rule tolerated on load (no evidence) blocks only if newly
        // broken, so an imported edge without quotes stays editable.
        let before: Vec<Rule> = edge_problems(&self.original, index, is_node, is_source)
            .into_iter()
            .map(|p| p.rule)
            .collect();
        let covered = [Rule::DateRange, Rule::EmptyQuote, Rule::UnknownSource];
        p.rules(
            edge_problems(&e, index, is_node, is_source),
            &before,
            &covered,
        );
        (e, p)
    }

    /// The quotes, each re-anchorable (words and source) and removable.
    fn evidence_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) {
        ui.strong("Evidence");
        let mut remove = None;
        for (i, ev) in self.evidence.iter_mut().enumerate() {
            let n = i + 1;
            ui.group(|ui| {
                evidence_ui(ui, &format!("Edge quote {n}"), kg, quotes, ev, true);
                if named_button(ui, "Remove quote", &format!("Remove edge quote {n}")) {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.evidence.remove(i);
        }
        if ui.button("Add a quote").clicked() {
            let mut blank = EvidenceInput::blank(kg);
            // The quote most likely comes from where the others do.
            if let Some(last) = self.evidence.last() {
                blank.source.clone_from(&last.source);
            }
            self.evidence.push(blank);
        }
    }
}

impl Form for EdgeForm {
    fn title(&self) -> &'static str {
        "Edit edge"
    }

    fn action(&self) -> &'static str {
        "Save edge"
    }

    fn body_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) {
        if kg.graph().edge_weight(self.at) != Some(&self.original) {
            ui.label(
                "This edge has changed or gone since the form opened: close it and open it again.",
            );
            return;
        }
        let (edge, p) = self.build(kg, quotes);
        let (a, b) = (label_of(kg, &edge.from), label_of(kg, &edge.to));
        ui.label(RichText::new(sentence(kg, &edge)).strong());
        let swap = ui
            .button("Swap direction")
            .on_hover_text("The edge reads the other way round");
        if swap.clicked() {
            self.swapped = !self.swapped;
        }
        choice_ui(
            ui,
            "Edge relation",
            &mut self.relation,
            &Relation::ALL,
            |r| format!("{a} \u{2014} {} \u{2014} {b}", r.verb()),
        );
        date_ui(ui, "Edge date", &mut self.date);
        problems_ui(ui, &p, Field::Date, true);
        text_ui(
            ui,
            "Edge note",
            &mut self.note,
            true,
            "optional, in your words",
        );
        ui.separator();
        self.evidence_ui(ui, kg, quotes);
        problems_ui(ui, &p, Field::Evidence, true);
        problems_ui(ui, &p, Field::Other, true);
        problems_ui(ui, &p, Field::From, true);
    }

    fn submit(&mut self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) -> Submitted {
        self.refused = None;
        if kg.graph().edge_weight(self.at) != Some(&self.original) {
            return Submitted::Stay;
        }
        let (edge, p) = self.build(kg, quotes);
        if !p.is_empty() {
            return Submitted::Stay;
        }
        if edge == self.original {
            return Submitted::Close;
        }
        let mut swapped_only = self.original.clone();
        std::mem::swap(&mut swapped_only.from, &mut swapped_only.to);
        let was = sentence(kg, &self.original);
        let label = if edge == swapped_only {
            format!("swap edge {was}")
        } else {
            format!("edit edge {was}")
        };
        Submitted::Send(Box::new(Sending {
            label,
            then: Select::EdgeAt(self.at),
            edit: Edit::UpdateEdge { at: self.at, edge },
        }))
    }

    fn refused(&mut self) -> &mut Option<String> {
        &mut self.refused
    }
}
