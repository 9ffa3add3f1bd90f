//! The fields the editor's forms share: a labelled text field, a date with its basis, a
//! basis alone, a quote with its source, a choice from a list, and a reason shown in
//! red beside a field. Each field's accessible name is the name given, so tests and
//! screen readers find it.

use egui::{RichText, Ui};

use super::quote_check::{QuoteCheck, Verdict};
use crate::model::{Basis, Dated, Evidence, KnowledgeGraph, Modality, PartialDate, Voice, cut_to};

/// Longest part of a quote or title shown in a list or a heading, in characters.
const SHOWN: usize = 90;

/// A text field with a label before it; `multiline` for free text.
pub(super) fn text_ui(
    ui: &mut Ui,
    name: &str,
    text: &mut String,
    multiline: bool,
    hint: &str,
) -> egui::Response {
    ui.horizontal_top(|ui| {
        let label = ui.label(name);
        let edit = if multiline {
            egui::TextEdit::multiline(text).desired_rows(2)
        } else {
            egui::TextEdit::singleline(text)
        };
        ui.add(edit.hint_text(hint).desired_width(f32::INFINITY))
            .labelled_by(label.id)
    })
    .inner
}

/// A reason in red, beside the field it is about.
pub(super) fn error_ui(ui: &mut Ui, message: &str) {
    let colour = ui.visuals().error_fg_color;
    ui.label(RichText::new(message).color(colour));
}

/// `text` cut to a line's worth, with an ellipsis if cut.
pub(super) fn short(text: &str) -> String {
    let (kept, more) = cut_to(text, SHOWN);
    format!("{kept}{more}")
}

/// A choice from `options` in a drop-down whose accessible name is `name`; each option
/// is shown (and named) by `show`.
pub(super) fn choice_ui<T: Copy + PartialEq>(
    ui: &mut Ui,
    name: &str,
    value: &mut T,
    options: &[T],
    show: impl Fn(T) -> String,
) {
    ui.horizontal(|ui| {
        let label = ui.label(name);
        let combo = egui::ComboBox::from_id_salt(("editor-choice", name))
            .selected_text(show(*value))
            .width(260.0)
            // Every choice in sight: the relations are read as a list of sentences.
            .height(600.0)
            .show_ui(ui, |ui| {
                for &o in options {
                    ui.selectable_value(value, o, show(o));
                }
            });
        let shown = show(*value);
        let combo = combo.response.labelled_by(label.id);
        combo.widget_info(|| {
            let mut info = egui::WidgetInfo::labeled(egui::Role::ComboBox, true, name);
            info.current_text_value = Some(shown.clone());
            info
        });
    });
}

/// A radio button whose accessible name is `name` (its text may be shorter).
pub(super) fn radio_ui(ui: &mut Ui, on: bool, text: &str, name: &str) -> bool {
    let r = ui.radio(on, text);
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::RadioButton, true, on, name));
    r.clicked()
}

/// Whether a fact is stated in the text or inferred, and from what: the form of a
/// [`Basis`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct BasisInput {
    /// Inferred, not stated.
    pub(super) inferred: bool,
    /// What it is inferred from.
    pub(super) why: String,
}

impl BasisInput {
    /// The form of a basis.
    pub(super) fn of(basis: &Basis) -> Self {
        match basis {
            Basis::Stated => Self::default(),
            Basis::Inferred(why) => Self {
                inferred: true,
                why: why.clone(),
            },
        }
    }

    /// The basis the form says.
    pub(super) fn basis(&self) -> Basis {
        if self.inferred {
            Basis::Inferred(self.why.trim().to_owned())
        } else {
            Basis::Stated
        }
    }
}

/// Stated or inferred (and from what), named `name stated` and `name inferred`.
pub(super) fn basis_ui(ui: &mut Ui, name: &str, input: &mut BasisInput) {
    ui.horizontal(|ui| {
        if radio_ui(ui, !input.inferred, "Stated", &format!("{name} stated")) {
            input.inferred = false;
        }
        if radio_ui(ui, input.inferred, "Inferred", &format!("{name} inferred")) {
            input.inferred = true;
        }
    });
    if input.inferred {
        ui.indent(("basis", name), |ui| {
            let field = format!("{name} inferred from");
            text_ui(
                ui,
                &field,
                &mut input.why,
                false,
                "what the text implies it",
            );
        });
    }
}

/// A date as typed ("2015", "2015-01", "2015-01-29") with its basis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct DateInput {
    /// The date as typed; empty for none.
    pub(super) text: String,
    /// Stated or inferred.
    pub(super) basis: BasisInput,
}

impl DateInput {
    /// The form of a date, if there is one.
    pub(super) fn of(date: Option<&Dated>) -> Self {
        match date {
            Some(d) => Self {
                text: d.date.to_string(),
                basis: BasisInput::of(&d.basis),
            },
            None => Self::default(),
        }
    }

    /// The date typed, parsed as the model parses dates and checked against its range:
    /// `None` when nothing is typed; the reason when it does not parse or is out of
    /// range.
    pub(super) fn parse(&self) -> Result<Option<Dated>, String> {
        let text = self.text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let date: PartialDate = text.parse()?;
        if let Some(why) = date.range_error() {
            return Err(format!("{text:?}: {why}"));
        }
        Ok(Some(Dated {
            date,
            basis: self.basis.basis(),
        }))
    }
}

/// A date field named `name`, its basis beside it, and why it does not parse in red.
pub(super) fn date_ui(ui: &mut Ui, name: &str, input: &mut DateInput) {
    text_ui(
        ui,
        name,
        &mut input.text,
        false,
        "YYYY, YYYY-MM or YYYY-MM-DD",
    );
    if !input.text.trim().is_empty() {
        basis_ui(ui, name, &mut input.basis);
    }
    if let Err(why) = input.parse() {
        error_ui(ui, &why);
    }
}

/// A quote and the source it comes from, as typed or pasted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct EvidenceInput {
    /// The source's id.
    pub(super) source: String,
    /// The words, verbatim.
    pub(super) quote: String,
    /// Whose words they are.
    pub(super) voice: Voice,
    /// Stated or expected.
    pub(super) modality: Modality,
    /// The evidence the record held here when the form opened, if any.
    held: Option<Evidence>,
}

impl EvidenceInput {
    /// The form of a piece of evidence the record holds.
    pub(super) fn of(ev: &Evidence) -> Self {
        Self {
            source: ev.source.clone(),
            quote: ev.quote.clone(),
            voice: ev.voice,
            modality: ev.modality,
            held: Some(ev.clone()),
        }
    }

    /// An empty quote from the graph's first source.
    pub(super) fn blank(kg: &KnowledgeGraph) -> Self {
        let source = kg.sources.first().map(|s| s.id.clone()).unwrap_or_default();
        Self {
            source,
            quote: String::new(),
            voice: Voice::default(),
            modality: Modality::default(),
            held: None,
        }
    }

    /// The evidence the form says (the quote as typed: a quote is verbatim).
    pub(super) fn evidence(&self) -> Evidence {
        Evidence::new(self.source.clone(), self.quote.clone()).with(self.voice, self.modality)
    }

    /// Whether it is the evidence the record held, unchanged. A quote held before and
    /// not in its text is not refused (as `apply` refuses a rule tolerated on load only
    /// when an edit newly breaks it), so a record with such a quote stays editable; it
    /// is shown as a warning, to re-anchor.
    fn unchanged(&self) -> bool {
        self.held
            .as_ref()
            .is_some_and(|h| h.source == self.source && h.quote == self.quote)
    }

    /// Why the form must not send it: [`evidence_problem`], but a quote held before
    /// is judged by the rules alone.
    pub(super) fn problem(&self, kg: &KnowledgeGraph, quotes: &QuoteCheck<'_>) -> Option<String> {
        let ev = self.evidence();
        if self.unchanged() {
            return rules_problem(kg, &ev);
        }
        evidence_problem(kg, quotes, &ev)
    }
}

/// What the rules of `check` say against one piece of evidence, in the words a form
/// shows beside it: a source the graph does not have, an empty quote.
fn rules_problem(kg: &KnowledgeGraph, ev: &Evidence) -> Option<String> {
    if ev.quote.trim().is_empty() {
        return Some("The quote is empty: paste the words from the source.".to_owned());
    }
    if kg.source(&ev.source).is_none() {
        return Some("Choose the source the quote comes from.".to_owned());
    }
    None
}

/// Why a form must not send one piece of evidence: what the rules of `check` say
/// against it (an empty quote, an unknown source), or, as `check --sources` says it, a
/// quote not in its source's text (or a text still being read to check it).
pub(super) fn evidence_problem(
    kg: &KnowledgeGraph,
    quotes: &QuoteCheck<'_>,
    ev: &Evidence,
) -> Option<String> {
    rules_problem(kg, ev).or_else(|| {
        let v = quotes.verdict(kg, ev);
        if v.blocks() { v.message() } else { None }
    })
}

/// A quote field and its source, named `name` and `name source`; beside it, the reason
/// the rules refuse it in red (when `show_missing` or when something was typed), else
/// what its source's text says of it: not there (red, with the nearest passage), being
/// read, or not to be had (a muted note: the quote is then not checked, and allowed).
pub(super) fn evidence_ui(
    ui: &mut Ui,
    name: &str,
    kg: &KnowledgeGraph,
    quotes: &QuoteCheck<'_>,
    input: &mut EvidenceInput,
    show_missing: bool,
) {
    source_ui(ui, &format!("{name} source"), kg, &mut input.source);
    text_ui(
        ui,
        name,
        &mut input.quote,
        true,
        "the words, exactly as the source has them",
    );
    statement_ui(ui, name, &mut input.voice, &mut input.modality);
    let typed = !input.quote.trim().is_empty();
    if !typed && !show_missing {
        return;
    }
    let ev = input.evidence();
    if let Some(why) = rules_problem(kg, &ev) {
        error_ui(ui, &why);
        return;
    }
    let verdict = quotes.verdict(kg, &ev);
    let Some(message) = verdict.message() else {
        return;
    };
    match verdict {
        Verdict::Missing { .. } if input.unchanged() => {
            let colour = ui.visuals().warn_fg_color;
            ui.label(RichText::new(format!("{message} (so before this edit)")).color(colour));
        }
        Verdict::Missing { .. } => error_ui(ui, &message),
        _ => {
            ui.weak(message);
        }
    }
}

/// Whose words a quote is and how sure, as two pairs of radio buttons named after the
/// quote field (`name voice`, `name modality`).
pub(super) fn statement_ui(ui: &mut Ui, name: &str, voice: &mut Voice, modality: &mut Modality) {
    ui.horizontal(|ui| {
        ui.weak("Whose words");
        for v in Voice::ALL {
            let r = ui.radio_value(voice, v, v.label());
            r.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::RadioButton, true, *voice == v, format!("{name} voice {}", v.label()))
            });
        }
        ui.separator();
        ui.weak("How sure");
        for m in Modality::ALL {
            let r = ui.radio_value(modality, m, m.label());
            r.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::RadioButton, true, *modality == m, format!("{name} modality {}", m.label()))
            });
        }
    })
    .response
    .on_hover_text(
        "Own words: the subject's own (a direct quotation, or a text they wrote). Author's report: the writer's account of them. Expected: a forecast or the author's hedge (\"will\", \"I expect\").",
    );
}

/// A drop-down of the graph's sources by title, named `name`.
fn source_ui(ui: &mut Ui, name: &str, kg: &KnowledgeGraph, source: &mut String) {
    let title = |id: &str| {
        kg.source(id)
            .map_or_else(|| format!("unknown source {id:?}"), |s| short(&s.title))
    };
    ui.horizontal(|ui| {
        let label = ui.label("Source");
        let combo = egui::ComboBox::from_id_salt(("editor-source", name))
            .selected_text(title(source))
            .width(320.0)
            .show_ui(ui, |ui| {
                for s in &kg.sources {
                    ui.selectable_value(source, s.id.clone(), short(&s.title));
                }
            });
        let shown = title(source);
        let combo = combo.response.labelled_by(label.id);
        combo.widget_info(|| {
            let mut info = egui::WidgetInfo::labeled(egui::Role::ComboBox, true, name);
            info.current_text_value = Some(shown.clone());
            info
        });
    });
}

/// A passage given by the reader: shown, not edited (it is verbatim by construction).
pub(super) fn passage_ui(ui: &mut Ui, kg: &KnowledgeGraph, ev: &Evidence) {
    ui.label(RichText::new(format!("\u{201c}{}\u{201d}", ev.quote)).italics());
    let cite = kg.source(&ev.source).map_or_else(
        || format!("unknown source {:?}", ev.source),
        |s| s.citation(),
    );
    ui.weak(format!("— {}", short(&cite)));
}

/// One name a line: the aliases field's text as a list, blank lines dropped.
pub(super) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_as_the_model_parses_them() {
        let mut d = DateInput {
            text: " 2015-01-29 ".into(),
            basis: BasisInput::default(),
        };
        let parsed = d.parse().expect("a date").expect("some");
        assert_eq!(parsed.date.to_string(), "2015-01-29");
        assert_eq!(parsed.basis, Basis::Stated);
        d.basis = BasisInput {
            inferred: true,
            why: " the byline ".into(),
        };
        let parsed = d.parse().expect("a date").expect("some");
        assert_eq!(parsed.basis, Basis::Inferred("the byline".into()));
        d.text = "29/01/2015".into();
        assert!(d.parse().is_err());
        d.text = "2015-02-30".into();
        assert!(d.parse().expect_err("out of range").contains("day 30"));
        d.text = "  ".into();
        assert_eq!(d.parse(), Ok(None));
    }

    #[test]
    fn aliases_are_one_a_line() {
        assert_eq!(lines("Cruddas\n\n  Jon C \n"), ["Cruddas", "Jon C"]);
    }
}
