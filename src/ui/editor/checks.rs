//! What a form finds wrong with the record it would write, each reason placed at the
//! field it is about. The reasons come from the rules of `ideagraph check` (the model's
//! `node_problems` and `edge_problems`, the ones `KnowledgeGraph::apply` runs), kept as
//! `apply` keeps them, so a form sends nothing `apply` would refuse for a rule; and
//! from what only a form knows (a date that does not parse, an end not chosen).

use crate::model::{Problem, Rule};

/// The part of a form a reason is shown beside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    /// The node's id.
    Id,
    /// The label.
    Label,
    /// The kind and sub-kind.
    Kind,
    /// The date.
    Date,
    /// The end an edge reads from.
    From,
    /// The end an edge reads to.
    To,
    /// The evidence.
    Evidence,
    /// The role at this position in the node's list.
    Role(usize),
    /// The faction claim at this position.
    Faction(usize),
    /// The relation.
    Relation,
    /// The quote at this position in a list: its own field shows the reason (see
    /// `fields::evidence_ui`), so `problems_ui` never does.
    Quote(usize),
    /// Anything else: shown above the form's buttons.
    Other,
}

/// The reasons a form refuses to send, by field.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Problems {
    /// Each reason, its field, and whether it is about something not yet filled in
    /// (shown only once the user asked to send: a fresh form is not an error).
    items: Vec<(Field, String, bool)>,
}

impl Problems {
    /// A reason about what is there.
    pub(super) fn wrong(&mut self, field: Field, message: impl Into<String>) {
        self.items.push((field, message.into(), false));
    }

    /// A reason about what is not there yet.
    pub(super) fn missing(&mut self, field: Field, message: impl Into<String>) {
        self.items.push((field, message.into(), true));
    }

    /// Whether nothing stops the form from sending.
    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The reasons to show beside `field`; those about what is missing only once
    /// `attempted`.
    pub(super) fn at(&self, field: Field, attempted: bool) -> impl Iterator<Item = &str> {
        self.items
            .iter()
            .filter(move |(f, _, missing)| *f == field && (attempted || !missing))
            .map(|(_, m, _)| m.as_str())
    }

    /// Takes in the problems the rules of `check` find in the record, as `apply` keeps
    /// them: every rule that blocks loading, and a rule tolerated on load only if the
    /// record did not break it `before`. Rules in `covered` are left out: the form
    /// checks those field by field itself, with the same definitions.
    pub(super) fn rules(&mut self, problems: Vec<Problem>, before: &[Rule], covered: &[Rule]) {
        for p in problems {
            if covered.contains(&p.rule) || (p.rule.tolerated_on_load() && before.contains(&p.rule))
            {
                continue;
            }
            let field = field_of(p.rule);
            let message = match p.rule {
                Rule::EmptyLabel => "The label is empty.".to_owned(),
                Rule::NoEvidence => {
                    "An edge needs a quote from a source: paste the words that state it.".to_owned()
                }
                Rule::SubKindMismatch => "This sub-kind does not fit the kind.".to_owned(),
                _ => p.message,
            };
            self.items.push((field, message, false));
        }
    }
}

/// Where a rule's problem is shown.
fn field_of(rule: Rule) -> Field {
    match rule {
        Rule::DuplicateId | Rule::BadId | Rule::InvalidId => Field::Id,
        Rule::EmptyLabel => Field::Label,
        Rule::SubKindMismatch => Field::Kind,
        Rule::DateRange => Field::Date,
        Rule::NoEvidence | Rule::UnknownSource | Rule::EmptyQuote | Rule::QuoteNotFound => {
            Field::Evidence
        }
        Rule::UnknownNode => Field::From,
        // Warnings of `check`, never a form's: a relation's fit is shown where it is chosen.
        Rule::KindMismatch => Field::Kind,
        Rule::TwinDates | Rule::UndatedFaction => Field::Date,
        Rule::Voice | Rule::Modality => Field::Evidence,
        Rule::Version | Rule::TooLong | Rule::SourceFile => Field::Other,
    }
}

/// The reasons for `field`, in red.
pub(super) fn problems_ui(ui: &mut egui::Ui, problems: &Problems, field: Field, attempted: bool) {
    for m in problems.at(field, attempted) {
        super::fields::error_ui(ui, m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Node, node_problems};

    #[test]
    fn rules_go_beside_their_fields_and_tolerated_ones_only_when_new() {
        let mut node = Node::new("Not Kebab", " ", Kind::Person);
        node.sub_kind = Some(crate::model::SubKind::ThinkTank);
        let mut p = Problems::default();
        p.rules(node_problems(&node, |_| true), &[], &[]);
        assert_eq!(p.at(Field::Label, false).count(), 1);
        assert_eq!(p.at(Field::Kind, false).count(), 1);
        assert_eq!(p.at(Field::Id, false).count(), 1);
        // An imported id that was not kebab-case before does not block an edit.
        let mut p = Problems::default();
        p.rules(
            node_problems(&node, |_| true),
            &[Rule::BadId],
            &[Rule::EmptyLabel],
        );
        assert_eq!(p.at(Field::Id, false).count(), 0);
        assert_eq!(p.at(Field::Label, false).count(), 0);
        assert!(!p.is_empty());
    }

    #[test]
    fn what_is_missing_shows_once_the_user_tried_to_send() {
        let mut p = Problems::default();
        p.missing(Field::From, "Choose a node");
        assert_eq!(p.at(Field::From, false).count(), 0);
        assert_eq!(p.at(Field::From, true).count(), 1);
        assert!(!p.is_empty());
    }
}
