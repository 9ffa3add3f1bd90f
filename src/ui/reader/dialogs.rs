//! The reader's windows: the typed fallback for File > Sources folder… (when no folder
//! dialog can be shown) and File > Add source…'s form.

use std::path::{Path, PathBuf};

use egui::Ui;

use super::{Reader, ReaderCommand};
use crate::model::{Basis, Dated, KnowledgeGraph, PartialDate, Source, shown, source_problems};
use crate::ui::command::Command;

/// File > Add source…'s form: the text file and what the source is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceForm {
    /// The plain-text file to import.
    pub path: String,
    /// The headline or title.
    pub title: String,
    /// The outlet, if any.
    pub outlet: String,
    /// Authors, separated by commas.
    pub authors: String,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or empty.
    pub date: String,
    /// Whether the date is inferred rather than stated.
    pub inferred: bool,
    /// Why the date is inferred.
    pub why: String,
    /// The id; empty to derive one from the title.
    pub id: String,
    /// Why the last attempt was refused.
    pub error: Option<String>,
}

impl SourceForm {
    /// A form for the file `path`, if one was picked.
    pub fn new(path: Option<&Path>) -> Self {
        Self {
            path: path.map(|p| p.display().to_string()).unwrap_or_default(),
            ..Self::default()
        }
    }

    /// The source the form describes, its `file` the text file's name; or what is
    /// wrong, in words for the form. Checked as [`crate::model::Edit::AddSource`]
    /// checks it, so an edit from it is not refused.
    ///
    /// # Errors
    /// No file or title; a date that does not parse, or an inferred one without a
    /// reason; an id that is taken; a record breaking a rule of `check`.
    pub fn to_source(&self, kg: &KnowledgeGraph) -> Result<Source, String> {
        let path = Path::new(self.path.trim());
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
            return Err("Choose the text file to add.".to_owned());
        };
        let title = self.title.trim();
        if title.is_empty() {
            return Err("Give the source's title.".to_owned());
        }
        let date = self.dated()?;
        let id = match self.id.trim() {
            "" => fresh_id(kg, title),
            id if kg.source(id).is_some() => {
                return Err(format!("A source with id {} already exists.", shown(id)));
            }
            id => id.to_owned(),
        };
        let source = Source {
            node: None,
            id,
            title: title.to_owned(),
            outlet: Some(self.outlet.trim().to_owned()).filter(|o| !o.is_empty()),
            authors: self
                .authors
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect(),
            date,
            file: file.to_owned(),
            note: None,
        };
        let problems = source_problems(&source);
        if let Some(p) = problems.first() {
            return Err(p.message.clone());
        }
        Ok(source)
    }

    /// The date with its basis, if one is given.
    fn dated(&self) -> Result<Option<Dated>, String> {
        let text = self.date.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let date: PartialDate = text.parse()?;
        if let Some(why) = date.range_error() {
            return Err(why);
        }
        let basis = if self.inferred {
            let why = self.why.trim();
            if why.is_empty() {
                return Err("Say what the inferred date rests on.".to_owned());
            }
            Basis::Inferred(why.to_owned())
        } else {
            Basis::Stated
        };
        Ok(Some(Dated { date, basis }))
    }
}

/// A kebab-case id from `title` (its ASCII words, lower-cased, up to about 60
/// characters), not yet taken by a source of `kg`.
pub fn fresh_id(kg: &KnowledgeGraph, title: &str) -> String {
    let mut base = String::new();
    // Ids are ASCII (see `is_kebab_id`): other letters part words.
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if base.len() + word.len() > 60 {
            break;
        }
        if !base.is_empty() {
            base.push('-');
        }
        base.push_str(&word.to_ascii_lowercase());
    }
    if base.is_empty() {
        base.push_str("source");
    }
    let mut id = base.clone();
    let mut n = 2;
    while kg.source(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Draws whichever of the reader's windows are open.
pub fn reader_dialogs_ui(ui: &mut Ui, reader: &mut Reader, cmds: &mut Vec<Command>) {
    folder_prompt_ui(ui, reader, cmds);
    source_form_ui(ui, reader, cmds);
}

/// The typed folder, when no folder dialog could be shown.
fn folder_prompt_ui(ui: &mut Ui, reader: &mut Reader, cmds: &mut Vec<Command>) {
    let Some(text) = &mut reader.folder_prompt else {
        return;
    };
    let mut close = false;
    egui::Window::new("Sources folder")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ui.ctx(), |ui| {
            ui.label(
                "No folder dialog could be shown here. Type the folder that holds the source texts \
                 (it is remembered):",
            );
            let label = ui.label("Folder");
            let resp = ui
                .add(egui::TextEdit::singleline(text).desired_width(420.0))
                .labelled_by(label.id);
            resp.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Sources folder path")
            });
            let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if (ui.button("Use this folder").clicked() || enter) && !text.trim().is_empty() {
                    let dir = PathBuf::from(text.trim());
                    cmds.push(Command::Reader(ReaderCommand::SetFolder(Some(dir))));
                    close = true;
                }
                if ui
                    .button("Forget the folder")
                    .on_hover_text("Look only in --sources and beside the graph file")
                    .clicked()
                {
                    cmds.push(Command::Reader(ReaderCommand::SetFolder(None)));
                    close = true;
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
    if close {
        reader.folder_prompt = None;
    }
}

/// File > Add source…'s form.
fn source_form_ui(ui: &mut Ui, reader: &mut Reader, cmds: &mut Vec<Command>) {
    let Some(form) = &mut reader.form else {
        return;
    };
    let mut close = false;
    egui::Window::new("Add a source")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ui.ctx(), |ui| {
            ui.label(
                "A plain-text (UTF-8) document, copied into the sources folder beside the graph \
                 file so the graph and its texts travel together.",
            );
            egui::Grid::new("ideagraph-source-form")
                .num_columns(2)
                .show(ui, |ui| {
                    field(ui, "Text file", &mut form.path, "/path/to/article.txt");
                    field(ui, "Title", &mut form.title, "The headline");
                    field(
                        ui,
                        "Outlet",
                        &mut form.outlet,
                        "Newspaper, magazine or site",
                    );
                    field(ui, "Authors", &mut form.authors, "Separated by commas");
                    field(ui, "Date", &mut form.date, "YYYY, YYYY-MM or YYYY-MM-DD");
                    ui.label("Date is");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut form.inferred, false, "Stated in the text");
                        ui.radio_value(&mut form.inferred, true, "Inferred");
                    });
                    ui.end_row();
                    if form.inferred {
                        field(ui, "Inferred from", &mut form.why, "What the date rests on");
                    }
                    field(ui, "Id", &mut form.id, "Made from the title if empty");
                });
            if let Some(error) = &form.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.horizontal(|ui| {
                if ui.button("Add source").clicked() {
                    cmds.push(Command::Reader(ReaderCommand::SubmitSource));
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
    if close {
        reader.form = None;
    }
}

/// A labelled line of the form; the field's accessible name is its label.
fn field(ui: &mut Ui, name: &str, text: &mut String, hint: &str) {
    let label = ui.label(name);
    ui.add(
        egui::TextEdit::singleline(text)
            .desired_width(360.0)
            .hint_text(hint),
    )
    .labelled_by(label.id);
    ui.end_row();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    fn kg_with(id: &str) -> KnowledgeGraph {
        let mut d = Document::default();
        d.sources.push(Source {
            node: None,
            id: id.into(),
            title: "T".into(),
            outlet: None,
            authors: vec![],
            date: None,
            file: String::new(),
            note: None,
        });
        KnowledgeGraph::from_document(d)
    }

    #[test]
    fn the_form_makes_a_checked_source_or_says_what_is_wrong() {
        let kg = kg_with("labour-s-next-big-idea");
        let mut form = SourceForm {
            path: "incoming/next-idea.txt".into(),
            title: "Labour's next big idea".into(),
            outlet: " ".into(),
            authors: "Graeme Cooke, Rick Muir,".into(),
            date: "2012".into(),
            inferred: true,
            why: "the text places it".into(),
            ..SourceForm::default()
        };
        let s = form.to_source(&kg).expect("a source");
        assert_eq!(
            s.id, "labour-s-next-big-idea-2",
            "the derived id is not taken"
        );
        assert_eq!(s.file, "next-idea.txt");
        assert_eq!(s.outlet, None);
        assert_eq!(s.authors, ["Graeme Cooke", "Rick Muir"]);
        assert_eq!(
            s.date.map(|d| d.basis),
            Some(Basis::Inferred("the text places it".into()))
        );
        form.why.clear();
        assert!(form.to_source(&kg).is_err_and(|e| e.contains("rests on")));
        form.inferred = false;
        form.date = "29 January".into();
        assert!(
            form.to_source(&kg)
                .is_err_and(|e| e.contains("invalid date"))
        );
        form.date.clear();
        form.id = "labour-s-next-big-idea".into();
        assert!(
            form.to_source(&kg)
                .is_err_and(|e| e.contains("already exists"))
        );
        form.id = "Not Kebab".into();
        assert!(form.to_source(&kg).is_err_and(|e| e.contains("kebab")));
        form.path.clear();
        assert!(form.to_source(&kg).is_err_and(|e| e.contains("text file")));
    }

    #[test]
    fn fresh_ids_are_kebab_case_and_never_empty() {
        let kg = kg_with("x");
        assert_eq!(
            fresh_id(&kg, "Up a gear: Milburn's ‘report’"),
            "up-a-gear-milburn-s-report"
        );
        assert_eq!(fresh_id(&kg, "—"), "source");
        assert!(crate::model::is_kebab_id(&fresh_id(&kg, "İstanbul Über")));
    }
}
