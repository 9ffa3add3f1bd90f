//! *New edge*: from a passage the reader selected (the passage is its evidence), or
//! between two nodes dragged together on the canvas (then a quote is asked for, since
//! an edge needs evidence). Each end is a node chosen by typing or a new node, its
//! label prefilled from the passage; the relation reads as the sentence it makes.
//! A new edge with new nodes is one batch, so it undoes in one step.

use egui::Ui;

use super::checks::{Field, Problems, problems_ui};
use super::fields::{
    DateInput, EvidenceInput, choice_ui, date_ui, error_ui, evidence_problem, evidence_ui,
    passage_ui, radio_ui, statement_ui, text_ui,
};
use super::kinds::kind_ui;
use super::naming::id_from_label;
use super::new_node::{Quote, prefill};
use super::picker::{NodePicker, picker_ui};
use super::quote_check::QuoteCheck;
use super::{Form, Select, Sending, Submitted};
use crate::model::{
    Edge, Edit, Evidence, Kind, KnowledgeGraph, Node, Relation, Rule, SubKind, edge_problems,
    node_problems,
};

/// One end of the new edge: a node chosen, or a new one.
struct End {
    picker: NodePicker,
    /// A new node rather than one chosen.
    new: bool,
    label: String,
    kind: Kind,
    sub_kind: Option<SubKind>,
}

impl End {
    fn chosen(id: Option<String>, label: String) -> Self {
        Self {
            picker: NodePicker::with(id),
            new: false,
            label,
            kind: Kind::Concept,
            sub_kind: None,
        }
    }
}

/// What an end resolves to: an existing node's id, or a new node to add.
enum Resolved {
    Existing(String),
    New(Box<Node>),
}

impl Resolved {
    fn id(&self) -> &str {
        match self {
            Resolved::Existing(id) => id,
            Resolved::New(n) => &n.id,
        }
    }
}

/// The new-edge form.
pub(super) struct NewEdge {
    /// From, then to.
    ends: [End; 2],
    relation: Option<Relation>,
    date: DateInput,
    note: String,
    quote: Quote,
    attempted: bool,
    pub(super) refused: Option<String>,
}

impl NewEdge {
    /// An edge the passage states; new ends are prefilled from its words.
    pub(super) fn from_passage(ev: Evidence) -> Self {
        let label = prefill(&ev);
        Self {
            ends: [End::chosen(None, label.clone()), End::chosen(None, label)],
            relation: None,
            date: DateInput::default(),
            note: String::new(),
            quote: Quote::Passage(ev),
            attempted: false,
            refused: None,
        }
    }

    /// An edge from node `from` to node `to` (ids), its quote still to give.
    pub(super) fn between(kg: &KnowledgeGraph, from: String, to: String) -> Self {
        Self {
            ends: [
                End::chosen(Some(from), String::new()),
                End::chosen(Some(to), String::new()),
            ],
            quote: Quote::Typed(EvidenceInput::blank(kg)),
            ..Self::from_passage(Evidence::new(String::new(), String::new()))
        }
    }

    /// What an end resolves to; `taken` holds the ids of new nodes already made, so
    /// two new ends with one label get two ids.
    fn resolve(
        &self,
        kg: &KnowledgeGraph,
        i: usize,
        taken: &[String],
        p: &mut Problems,
    ) -> Option<Resolved> {
        let (end, field, which) = match i {
            0 => (&self.ends[0], Field::From, "from"),
            _ => (&self.ends[1], Field::To, "to"),
        };
        if !end.new {
            let id = end.picker.id(kg).map(str::to_owned);
            if id.is_none() {
                p.missing(field, format!("Choose the node the edge reads {which}."));
            }
            return id.map(Resolved::Existing);
        }
        let label = end.label.trim();
        if label.is_empty() {
            p.missing(field, "Type the new node's label.");
            return None;
        }
        let mut node = Node::new(id_from_label(kg, label, taken), label, end.kind);
        node.sub_kind = end.sub_kind;
        for problem in node_problems(&node, |_| true) {
            p.wrong(field, problem.message);
        }
        Some(Resolved::New(Box::new(node)))
    }

    /// The edit the form describes (the new nodes, then the edge), or what is wrong.
    fn build(
        &self,
        kg: &KnowledgeGraph,
        quotes: &QuoteCheck<'_>,
    ) -> (Option<(Vec<Node>, Edge)>, Problems) {
        let mut p = Problems::default();
        let from = self.resolve(kg, 0, &[], &mut p);
        let taken: Vec<String> = from.iter().map(|r| r.id().to_owned()).collect();
        let to = self.resolve(kg, 1, &taken, &mut p);
        if self.relation.is_none() {
            p.missing(Field::Relation, "Choose the relation.");
        }
        let date = self.date.parse().unwrap_or_else(|why| {
            p.wrong(Field::Date, why);
            None
        });
        let ev = match &self.quote {
            Quote::Passage(ev) => ev.clone(),
            Quote::Typed(t) => t.evidence(),
        };
        if let Some(why) = evidence_problem(kg, quotes, &ev) {
            if ev.quote.trim().is_empty() {
                p.missing(Field::Evidence, why);
            } else {
                p.wrong(Field::Evidence, why);
            }
        }
        let (Some(from), Some(to), Some(relation)) = (from, to, self.relation) else {
            return (None, p);
        };
        let mut edge = Edge::new(from.id(), to.id(), relation);
        edge.date = date;
        edge.evidence.push(ev);
        let note = self.note.trim();
        edge.note = (!note.is_empty()).then(|| note.to_owned());
        let new: Vec<Node> = [from, to]
            .into_iter()
            .filter_map(|r| match r {
                Resolved::New(n) => Some(*n),
                Resolved::Existing(_) => None,
            })
            .collect();
        let is_node = |id: &str| kg.index_of(id).is_some() || new.iter().any(|n| n.id == id);
        let covered = [Rule::DateRange, Rule::EmptyQuote, Rule::UnknownSource];
        let problems = edge_problems(&edge, kg.num_edges(), is_node, |s| kg.source(s).is_some());
        p.rules(problems, &[], &covered);
        (Some((new, edge)), p)
    }

    /// How an end is called in the relation's sentences.
    fn end_name(&self, kg: &KnowledgeGraph, i: usize) -> String {
        let Some(end) = self.ends.get(i) else {
            return "…".to_owned();
        };
        if end.new {
            let label = end.label.trim();
            return if label.is_empty() { "…" } else { label }.to_owned();
        }
        match end.picker.id(kg).and_then(|id| kg.node(id)) {
            Some(n) => n.label.clone(),
            None => "…".to_owned(),
        }
    }

    /// The relation as a list of sentences: "Liz Kendall — advocates — localism".
    fn relation_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph) {
        let (a, b) = (self.end_name(kg, 0), self.end_name(kg, 1));
        let options: Vec<Option<Relation>> = std::iter::once(None)
            .chain(Relation::ALL.into_iter().map(Some))
            .collect();
        choice_ui(ui, "Relation", &mut self.relation, &options, |r| match r {
            Some(r) => format!("{a} \u{2014} {} \u{2014} {b}", r.verb()),
            None => "choose the relation".to_owned(),
        });
    }
}

/// One end: an existing node chosen by typing, or a new node (label, kind and
/// sub-kind), named `name` ("From" or "To").
fn end_ui(ui: &mut Ui, name: &str, end: &mut End, kg: &KnowledgeGraph) {
    ui.horizontal(|ui| {
        ui.strong(name);
        if radio_ui(
            ui,
            !end.new,
            "a node in the graph",
            &format!("{name}: existing node"),
        ) {
            end.new = false;
        }
        if radio_ui(ui, end.new, "a new node", &format!("{name}: new node")) {
            end.new = true;
        }
    });
    ui.indent(("end", name), |ui| {
        if end.new {
            text_ui(
                ui,
                &format!("{name} new node label"),
                &mut end.label,
                false,
                "its name",
            );
            kind_ui(
                ui,
                &format!("{name} new node"),
                &mut end.kind,
                &mut end.sub_kind,
            );
        } else {
            picker_ui(ui, &format!("{name} node"), kg, &mut end.picker, None);
        }
    });
}

impl Form for NewEdge {
    fn title(&self) -> &'static str {
        "New edge"
    }

    fn action(&self) -> &'static str {
        "Create edge"
    }

    fn body_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) {
        let (_, p) = self.build(kg, quotes);
        let seen = self.attempted;
        if let Quote::Passage(ev) = &mut self.quote {
            ui.label("The passage, as its evidence:");
            passage_ui(ui, kg, ev);
            statement_ui(ui, "Passage", &mut ev.voice, &mut ev.modality);
            ui.separator();
        }
        let [from, to] = &mut self.ends;
        end_ui(ui, "From", from, kg);
        problems_ui(ui, &p, Field::From, seen);
        end_ui(ui, "To", to, kg);
        problems_ui(ui, &p, Field::To, seen);
        if ui.button("Swap ends").clicked() {
            self.ends.swap(0, 1);
        }
        ui.add_space(4.0);
        self.relation_ui(ui, kg);
        problems_ui(ui, &p, Field::Relation, seen);
        date_ui(ui, "Edge date", &mut self.date);
        text_ui(
            ui,
            "Edge note",
            &mut self.note,
            true,
            "optional, in your words",
        );
        match &mut self.quote {
            Quote::Typed(input) => {
                ui.separator();
                ui.label("Its evidence: the words of a source that state it.");
                evidence_ui(ui, "Edge quote", kg, quotes, input, seen);
            }
            Quote::Passage(_) => problems_ui(ui, &p, Field::Evidence, seen),
        }
        problems_ui(ui, &p, Field::Other, seen);
        if seen && !p.is_empty() {
            error_ui(ui, "Not created: see the reasons above.");
        }
    }

    fn submit(&mut self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) -> Submitted {
        self.attempted = true;
        self.refused = None;
        let (built, p) = self.build(kg, quotes);
        let Some((new, edge)) = built.filter(|_| p.is_empty()) else {
            return Submitted::Stay;
        };
        let names = |id: &str| {
            new.iter()
                .find(|n| n.id == id)
                .map(|n| n.label.clone())
                .or_else(|| kg.node(id).map(|n| n.label.clone()))
                .unwrap_or_else(|| id.to_owned())
        };
        let label = format!(
            "add edge {} {} {}",
            names(&edge.from),
            edge.relation.verb(),
            names(&edge.to)
        );
        let then = Select::Edge(edge.clone());
        let edit = if new.is_empty() {
            Edit::AddEdge(edge)
        } else {
            let mut steps: Vec<Edit> = new.into_iter().map(Edit::AddNode).collect();
            steps.push(Edit::AddEdge(edge));
            Edit::Batch(steps)
        };
        Submitted::Send(Box::new(Sending { edit, label, then }))
    }

    fn refused(&mut self) -> &mut Option<String> {
        &mut self.refused
    }
}
