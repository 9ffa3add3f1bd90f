//! *Edit node*: every field of a node's record — id, label, aliases, description, kind
//! and sub-kind, date with its basis, roles (title, date, quote), faction claims
//! (faction, basis, date, quote) and the quotes about it — sent as one update. What the form
//! does not show (imported attributes, the saved position) is kept as it was.

use egui::Ui;

use super::checks::{Field, Problems, problems_ui};
use super::fields::{
    BasisInput, DateInput, EvidenceInput, basis_ui, date_ui, evidence_ui, lines, text_ui,
};
use super::kinds::kind_ui;
use super::quote_check::QuoteCheck;
use super::{Form, Select, Sending, Submitted};
use crate::model::{
    Edit, FactionClaim, Kind, KnowledgeGraph, Node, Role, Rule, SubKind, node_problems,
};

/// A role as the form holds it.
struct RoleInput {
    title: String,
    when: DateInput,
    evidence: EvidenceInput,
}

/// A faction claim as the form holds it.
struct FactionInput {
    faction: String,
    basis: BasisInput,
    when: DateInput,
    evidence: EvidenceInput,
}

/// The node form.
pub(super) struct NodeForm {
    /// The record as it was: what the form does not show is kept from it.
    original: Node,
    id: String,
    label: String,
    aliases: String,
    description: String,
    kind: Kind,
    sub_kind: Option<SubKind>,
    date: DateInput,
    roles: Vec<RoleInput>,
    factions: Vec<FactionInput>,
    evidence: Vec<EvidenceInput>,
    pub(super) refused: Option<String>,
}

impl NodeForm {
    /// The form of this node's record.
    pub(super) fn new(node: &Node) -> Self {
        Self {
            original: node.clone(),
            id: node.id.clone(),
            label: node.label.clone(),
            aliases: node.aliases.join("\n"),
            description: node.description.clone(),
            kind: node.kind,
            sub_kind: node.sub_kind,
            date: DateInput::of(node.date.as_ref()),
            roles: node
                .roles
                .iter()
                .map(|r| RoleInput {
                    title: r.title.clone(),
                    when: DateInput::of(r.when.as_ref()),
                    evidence: EvidenceInput::of(&r.evidence),
                })
                .collect(),
            factions: node
                .factions
                .iter()
                .map(|f| FactionInput {
                    faction: f.faction.clone(),
                    basis: BasisInput::of(&f.basis),
                    when: DateInput::of(f.when.as_ref()),
                    evidence: EvidenceInput::of(&f.evidence),
                })
                .collect(),
            evidence: node.evidence.iter().map(EvidenceInput::of).collect(),
            refused: None,
        }
    }

    /// The record the form describes, and what is wrong with it.
    fn build(&self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) -> (Node, Problems) {
        let mut p = Problems::default();
        let mut n = self.original.clone();
        n.id = self.id.trim().to_owned();
        if n.id != self.original.id && kg.index_of(&n.id).is_some() {
            p.wrong(Field::Id, format!("Another node has the id {:?}.", n.id));
        }
        n.label = self.label.trim().to_owned();
        if n.label.is_empty() {
            p.wrong(Field::Label, "The label is empty.");
        }
        n.aliases = lines(&self.aliases);
        n.description = self.description.trim().to_owned();
        n.kind = self.kind;
        n.sub_kind = self.sub_kind;
        n.date = self.date.parse().unwrap_or_else(|why| {
            p.wrong(Field::Date, why);
            None
        });
        n.roles = self.roles(kg, quotes, &mut p);
        n.factions = self.factions(kg, quotes, &mut p);
        n.evidence = self.evidence.iter().map(EvidenceInput::evidence).collect();
        for (i, input) in self.evidence.iter().enumerate() {
            if let Some(why) = input.problem(kg, quotes) {
                p.wrong(Field::Quote(i), why);
            }
        }
        let is_source = |s: &str| kg.source(s).is_some();
        // As `apply` does: a rule tolerated on load blocks only if newly broken.
        let before: Vec<Rule> = node_problems(&self.original, is_source)
            .into_iter()
            .map(|p| p.rule)
            .collect();
        let covered = [
            Rule::EmptyLabel,
            Rule::DateRange,
            Rule::EmptyQuote,
            Rule::UnknownSource,
        ];
        p.rules(node_problems(&n, is_source), &before, &covered);
        (n, p)
    }

    fn roles(&self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>, p: &mut Problems) -> Vec<Role> {
        let mut out = Vec::with_capacity(self.roles.len());
        for (i, r) in self.roles.iter().enumerate() {
            if r.title.trim().is_empty() {
                p.wrong(Field::Role(i), "The role has no title.");
            }
            let when = r.when.parse().unwrap_or_else(|why| {
                p.wrong(Field::Role(i), why);
                None
            });
            let evidence = r.evidence.evidence();
            if let Some(why) = r.evidence.problem(kg, quotes) {
                p.wrong(Field::Quote(i), why);
            }
            out.push(Role {
                title: r.title.trim().to_owned(),
                when,
                evidence,
            });
        }
        out
    }

    fn factions(
        &self,
        kg: &KnowledgeGraph,
        quotes: &QuoteCheck<'_>,
        p: &mut Problems,
    ) -> Vec<FactionClaim> {
        let mut out = Vec::with_capacity(self.factions.len());
        for (i, f) in self.factions.iter().enumerate() {
            if f.faction.trim().is_empty() {
                p.wrong(Field::Faction(i), "The claim names no faction.");
            }
            let when = f.when.parse().unwrap_or_else(|why| {
                p.wrong(Field::Faction(i), why);
                None
            });
            let evidence = f.evidence.evidence();
            if let Some(why) = f.evidence.problem(kg, quotes) {
                p.wrong(Field::Quote(i), why);
            }
            out.push(FactionClaim {
                faction: f.faction.trim().to_owned(),
                basis: f.basis.basis(),
                when,
                evidence,
            });
        }
        out
    }

    /// The roles, each with its title, date and quote, and a button to remove it.
    fn roles_ui(
        &mut self,
        ui: &mut Ui,
        kg: &KnowledgeGraph,
        quotes: &QuoteCheck<'_>,
        p: &Problems,
    ) {
        ui.strong("Roles");
        let mut remove = None;
        for (i, r) in self.roles.iter_mut().enumerate() {
            let n = i + 1;
            ui.group(|ui| {
                text_ui(
                    ui,
                    &format!("Role {n} title"),
                    &mut r.title,
                    false,
                    "e.g. Work and Pensions Secretary",
                );
                date_ui(ui, &format!("Role {n} date"), &mut r.when);
                evidence_ui(
                    ui,
                    &format!("Role {n} quote"),
                    kg,
                    quotes,
                    &mut r.evidence,
                    true,
                );
                problems_ui(ui, p, Field::Role(i), true);
                if named_button(ui, "Remove role", &format!("Remove role {n}")) {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.roles.remove(i);
        }
        if ui.button("Add a role").clicked() {
            self.roles.push(RoleInput {
                title: String::new(),
                when: DateInput::default(),
                evidence: EvidenceInput::blank(kg),
            });
        }
    }

    /// The faction claims, each with its faction, basis and quote, and a button to
    /// remove it.
    fn factions_ui(
        &mut self,
        ui: &mut Ui,
        kg: &KnowledgeGraph,
        quotes: &QuoteCheck<'_>,
        p: &Problems,
    ) {
        ui.strong("Faction claims");
        let mut remove = None;
        for (i, f) in self.factions.iter_mut().enumerate() {
            let n = i + 1;
            ui.group(|ui| {
                text_ui(
                    ui,
                    &format!("Faction {n}"),
                    &mut f.faction,
                    false,
                    "e.g. Blue Labour",
                );
                basis_ui(ui, &format!("Faction {n} basis"), &mut f.basis);
                date_ui(ui, &format!("Faction {n} date"), &mut f.when);
                evidence_ui(
                    ui,
                    &format!("Faction {n} quote"),
                    kg,
                    quotes,
                    &mut f.evidence,
                    true,
                );
                problems_ui(ui, p, Field::Faction(i), true);
                if named_button(ui, "Remove claim", &format!("Remove faction claim {n}")) {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.factions.remove(i);
        }
        if ui.button("Add a faction claim").clicked() {
            self.factions.push(FactionInput {
                faction: String::new(),
                basis: BasisInput::default(),
                when: DateInput::default(),
                evidence: EvidenceInput::blank(kg),
            });
        }
    }

    /// The quotes about the node, each with a button to remove it.
    fn evidence_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) {
        ui.strong("Quotes about it");
        let mut remove = None;
        for (i, ev) in self.evidence.iter_mut().enumerate() {
            let n = i + 1;
            ui.group(|ui| {
                evidence_ui(ui, &format!("Node quote {n}"), kg, quotes, ev, true);
                if named_button(ui, "Remove quote", &format!("Remove node quote {n}")) {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.evidence.remove(i);
        }
        if ui.button("Add a quote").clicked() {
            self.evidence.push(EvidenceInput::blank(kg));
        }
    }
}

/// A button showing `text`, named `name` for screen readers and tests.
pub(super) fn named_button(ui: &mut Ui, text: &str, name: &str) -> bool {
    let r = ui.small_button(text);
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    r.clicked()
}

impl Form for NodeForm {
    fn title(&self) -> &'static str {
        "Edit node"
    }

    fn action(&self) -> &'static str {
        "Save node"
    }

    fn body_ui(&mut self, ui: &mut Ui, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) {
        if kg.node(&self.original.id).is_none() {
            ui.label("This node is no longer in the graph.");
            return;
        }
        let (_, p) = self.build(kg, quotes);
        // An edit starts from a record: whatever is wrong shows at once.
        let seen = true;
        text_ui(ui, "Node label", &mut self.label, false, "its name");
        problems_ui(ui, &p, Field::Label, seen);
        text_ui(ui, "Node id", &mut self.id, false, "kebab-case, unique");
        problems_ui(ui, &p, Field::Id, seen);
        kind_ui(ui, "Node", &mut self.kind, &mut self.sub_kind);
        problems_ui(ui, &p, Field::Kind, seen);
        text_ui(
            ui,
            "Node aliases",
            &mut self.aliases,
            true,
            "other names, one a line",
        );
        text_ui(
            ui,
            "Node description",
            &mut self.description,
            true,
            "one or two sentences, in your words",
        );
        date_ui(ui, "Node date", &mut self.date);
        ui.separator();
        self.roles_ui(ui, kg, quotes, &p);
        ui.separator();
        self.factions_ui(ui, kg, quotes, &p);
        ui.separator();
        self.evidence_ui(ui, kg, quotes);
        problems_ui(ui, &p, Field::Other, seen);
    }

    fn submit(&mut self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) -> Submitted {
        self.refused = None;
        let (node, p) = self.build(kg, quotes);
        if !p.is_empty() || kg.node(&self.original.id).is_none() {
            return Submitted::Stay;
        }
        if node == self.original {
            return Submitted::Close;
        }
        let old = &self.original;
        let relabelled = Node {
            label: node.label.clone(),
            ..old.clone()
        };
        let label = if relabelled == node {
            format!("rename node {} to {}", old.label, node.label)
        } else {
            format!("edit node {}", node.label)
        };
        Submitted::Send(Box::new(Sending {
            label,
            then: Select::Node(node.id.clone()),
            edit: Edit::UpdateNode {
                id: old.id.clone(),
                node,
            },
        }))
    }

    fn refused(&mut self) -> &mut Option<String> {
        &mut self.refused
    }
}
