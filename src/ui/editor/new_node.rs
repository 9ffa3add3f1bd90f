//! *New node*: from a passage the reader selected (the passage is its evidence, the
//! label prefilled from it), or at a place on the canvas (a quote optional). Its id is
//! derived from the label, kebab-case and unique.

use egui::Ui;

use super::checks::{Field, Problems, problems_ui};
use super::fields::{
    DateInput, EvidenceInput, date_ui, evidence_problem, evidence_ui, lines, passage_ui, text_ui,
};
use super::kinds::kind_ui;
use super::naming::id_from_label;
use super::quote_check::QuoteCheck;
use super::{Form, Select, Sending, Submitted};
use crate::model::{Edit, Evidence, Kind, KnowledgeGraph, Node, Rule, SubKind, node_problems};

/// Longest label prefilled from a passage, in characters: a name, not a paragraph.
pub(super) const PREFILL_CHARS: usize = 80;

/// Where a new fact's quote comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Quote {
    /// Words selected in the reader: verbatim by construction, not edited.
    Passage(Evidence),
    /// Words typed or pasted, with their source chosen.
    Typed(EvidenceInput),
}

/// A label prefilled from a passage's words: the first line, cut to a name's length.
pub(super) fn prefill(ev: &Evidence) -> String {
    let line = ev
        .quote
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    line.trim().chars().take(PREFILL_CHARS).collect()
}

/// The new-node form.
pub(super) struct NewNode {
    kind: Kind,
    sub_kind: Option<SubKind>,
    label: String,
    aliases: String,
    description: String,
    date: DateInput,
    quote: Quote,
    /// Where on the canvas it goes, in scene units.
    pos: Option<[f32; 2]>,
    attempted: bool,
    pub(super) refused: Option<String>,
}

impl NewNode {
    fn blank(quote: Quote, pos: Option<[f32; 2]>) -> Self {
        Self {
            kind: Kind::Concept,
            sub_kind: None,
            label: String::new(),
            aliases: String::new(),
            description: String::new(),
            date: DateInput::default(),
            quote,
            pos,
            attempted: false,
            refused: None,
        }
    }

    /// A node the passage introduces, its label prefilled from the words.
    pub(super) fn from_passage(ev: Evidence) -> Self {
        let label = prefill(&ev);
        Self {
            label,
            ..Self::blank(Quote::Passage(ev), None)
        }
    }

    /// A node at this scene position, with an optional quote.
    pub(super) fn at(kg: &KnowledgeGraph, pos: [f32; 2]) -> Self {
        Self::blank(Quote::Typed(EvidenceInput::blank(kg)), Some(pos))
    }

    /// The node the form describes, and what is wrong with it.
    fn build(&self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) -> (Node, Problems) {
        let mut p = Problems::default();
        let label = self.label.trim();
        if label.is_empty() {
            p.missing(Field::Label, "Type the node's label.");
        }
        let mut node = Node::new(id_from_label(kg, label, &[]), label, self.kind);
        node.sub_kind = self.sub_kind;
        node.aliases = lines(&self.aliases);
        node.description = self.description.trim().to_owned();
        node.pos = self.pos;
        match self.date.parse() {
            Ok(d) => node.date = d,
            Err(why) => p.wrong(Field::Date, why),
        }
        let ev = match &self.quote {
            Quote::Passage(ev) => Some(ev.clone()),
            // A quote is optional on the canvas: none typed, none kept.
            Quote::Typed(t) if t.quote.trim().is_empty() => None,
            Quote::Typed(t) => Some(t.evidence()),
        };
        if let Some(ev) = ev {
            if let Some(why) = evidence_problem(kg, quotes, &ev) {
                p.wrong(Field::Evidence, why);
            }
            node.evidence.push(ev);
        }
        let covered = [
            Rule::EmptyLabel,
            Rule::DateRange,
            Rule::EmptyQuote,
            Rule::UnknownSource,
        ];
        p.rules(
            node_problems(&node, |s| kg.source(s).is_some()),
            &[],
            &covered,
        );
        (node, p)
    }
}

impl Form for NewNode {
    fn title(&self) -> &'static str {
        "New node"
    }

    fn action(&self) -> &'static str {
        "Create node"
    }

    fn body_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) {
        let (node, p) = self.build(kg, quotes);
        let seen = self.attempted;
        if let Quote::Passage(ev) = &self.quote {
            ui.label("The passage, as its evidence:");
            passage_ui(ui, kg, ev);
            ui.separator();
        }
        kind_ui(ui, "New node", &mut self.kind, &mut self.sub_kind);
        problems_ui(ui, &p, Field::Kind, seen);
        text_ui(ui, "New node label", &mut self.label, false, "its name");
        problems_ui(ui, &p, Field::Label, seen);
        if !node.label.is_empty() {
            ui.weak(format!("Id: {}", node.id));
        }
        problems_ui(ui, &p, Field::Id, seen);
        text_ui(
            ui,
            "New node aliases",
            &mut self.aliases,
            true,
            "other names, one a line",
        );
        text_ui(
            ui,
            "New node description",
            &mut self.description,
            true,
            "one or two sentences, in your words",
        );
        date_ui(ui, "New node date", &mut self.date);
        if let Quote::Typed(input) = &mut self.quote {
            ui.separator();
            ui.label("A quote that introduces it (optional):");
            evidence_ui(ui, "New node quote", kg, quotes, input, false);
        } else {
            problems_ui(ui, &p, Field::Evidence, seen);
        }
        problems_ui(ui, &p, Field::Other, seen);
    }

    fn submit(&mut self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) -> Submitted {
        self.attempted = true;
        self.refused = None;
        let (node, p) = self.build(kg, quotes);
        if !p.is_empty() {
            return Submitted::Stay;
        }
        Submitted::Send(Box::new(Sending {
            label: format!("add node {}", node.label),
            then: Select::Node(node.id.clone()),
            edit: Edit::AddNode(node),
        }))
    }

    fn refused(&mut self) -> &mut Option<String> {
        &mut self.refused
    }
}
