//! The source reader: a panel beside the graph showing one source's full text, every
//! passage the graph quotes highlighted in its relation's tone, and the words the user
//! selects turned into the start of a new fact ([`Command::Passage`]).
//!
//! The texts are found, read and indexed off the UI thread ([`library`]); the panel
//! draws only the blocks of text in view ([`text_view`]). The sidebar's *Passages*
//! section ([`passages`]) and File > Add source… / Sources folder… ([`dialogs`]) are
//! here too.

mod dialogs;
mod library;
mod passages;
mod text_view;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{RichText, Ui};

use super::command::{Command, PassageAction};
use super::jobs::Job;
use crate::io::sources::{SourceDirs, SourceTextError};
use crate::model::{Basis, Edit, Evidence, KnowledgeGraph, Source};

pub use dialogs::{SourceForm, reader_dialogs_ui};
pub use library::{Backing, FileIndex, Library};
pub use passages::{Passage, node_passages, passages_ui};
pub use text_view::{FLASH_SECS, TextState, block_id};

/// What the menu and the reader's dialogs ask the app to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReaderCommand {
    /// Show the reader, or hide it if shown.
    Toggle,
    /// Choose the folder of source texts (File > Sources folder…).
    ChooseFolder,
    /// Use this folder of source texts (remembered); `None` forgets the choice.
    SetFolder(Option<PathBuf>),
    /// Start adding a source (File > Add source…).
    AddSourceDialog,
    /// Add the source the open form describes.
    SubmitSource,
}

/// The reader's state: whether it is shown, which source, the indexed texts, the
/// selection and what is flashing, and its dialogs.
#[derive(Debug, Default)]
pub struct Reader {
    /// Whether the panel is shown.
    pub open: bool,
    /// The source shown, by id.
    source: Option<String>,
    /// The folder given with `--sources` (kept when another graph is opened).
    flag_dir: Option<PathBuf>,
    /// Where texts are looked for, as of this frame.
    dirs: SourceDirs,
    /// The texts, indexed for a revision of the graph.
    library: Option<Arc<Library>>,
    /// The index being built: for which revision and folders.
    job: Option<(u64, SourceDirs, Job<Library>)>,
    /// A build that ended without a library (no thread): not retried for this key.
    failed: Option<(u64, SourceDirs)>,
    /// A quote asked for with *Show in source*, until the index can place it.
    pending: Option<Evidence>,
    /// Something to tell the reader above the text (a quote not found).
    pub notice: Option<String>,
    /// The text view's state.
    pub text: TextState,
    /// File > Sources folder… typed, when no folder dialog can be shown.
    pub folder_prompt: Option<String>,
    /// File > Add source…'s form, while open.
    pub form: Option<SourceForm>,
}

impl Reader {
    /// A closed reader that looks for texts in the folder given on the command line.
    pub fn with_flag_dir(flag_dir: Option<PathBuf>) -> Self {
        Self {
            flag_dir,
            ..Self::default()
        }
    }

    /// The reader for another graph: shown or not as it was, with the same command-line
    /// folder; nothing of the old graph's texts.
    pub fn for_new_graph(self) -> Self {
        Self {
            open: self.open,
            flag_dir: self.flag_dir,
            ..Self::default()
        }
    }

    /// The folder given on the command line.
    pub fn flag_dir(&self) -> Option<&std::path::Path> {
        self.flag_dir.as_deref()
    }

    /// Sets the folders to look in (the app does, every frame).
    pub fn set_dirs(&mut self, dirs: SourceDirs) {
        self.dirs = dirs;
    }

    /// The folders texts are looked for in.
    pub fn dirs(&self) -> &SourceDirs {
        &self.dirs
    }

    /// The source shown, by id.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Shows source `id` (from its start).
    pub fn show_source(&mut self, id: &str) {
        if self.source.as_deref() != Some(id) {
            self.source = Some(id.to_owned());
            self.notice = None;
            self.pending = None;
            // Words selected in another text are no quote of this source.
            self.text.selected = None;
        }
    }

    /// Opens the reader on the source of `ev`, to scroll to its passage and flash it
    /// once the text is indexed.
    pub fn show_evidence(&mut self, ev: Evidence) {
        self.open = true;
        self.show_source(&ev.source);
        self.notice = None;
        self.pending = Some(ev);
    }

    /// The indexed texts, if built for the folders of this frame (perhaps for an older
    /// revision of the graph: compare [`Library::revision`]).
    pub fn library(&self) -> Option<&Library> {
        self.library.as_deref().filter(|lib| lib.dirs == self.dirs)
    }

    /// Whether the texts are being indexed.
    pub fn is_indexing(&self) -> bool {
        self.job.is_some()
    }

    /// Brings the library up to date with `kg` and the folders, in the background:
    /// takes in a finished index, or starts one when the graph's revision or the
    /// folders changed. Cheap when nothing changed, so it runs every frame the reader
    /// or the sidebar's passages need it.
    pub fn refresh(&mut self, wake: Option<&egui::Context>, kg: &Arc<KnowledgeGraph>) {
        if let Some((rev, dirs, job)) = &mut self.job {
            if let Some(lib) = job.poll() {
                self.library = Some(Arc::new(lib));
                self.job = None;
            } else if !job.is_running() {
                self.failed = Some((*rev, dirs.clone()));
                self.job = None;
            }
        }
        let rev = kg.revision();
        let current = self
            .library
            .as_ref()
            .is_some_and(|l| l.revision == rev && l.dirs == self.dirs);
        let building = self
            .job
            .as_ref()
            .is_some_and(|(r, d, _)| *r == rev && *d == self.dirs);
        let failed = self
            .failed
            .as_ref()
            .is_some_and(|(r, d)| *r == rev && *d == self.dirs);
        if current || building || failed {
            return;
        }
        let previous = self.library.clone();
        let graph = Arc::clone(kg);
        let dirs = self.dirs.clone();
        // Starting another drops (and so cancels) one for an older revision.
        let job = Job::spawn(wake.cloned(), move |cx| {
            let built = Library::build(&graph, &dirs, previous.as_deref(), cx.cancel_flag());
            // The graph is let go before the send: an edit meanwhile need not copy it.
            drop(graph);
            if let Some(lib) = built {
                cx.send(lib);
            }
        });
        self.job = Some((rev, self.dirs.clone(), job));
    }

    /// Looks for the texts again (after files were copied into a folder).
    pub fn look_again(&mut self) {
        self.library = None;
        self.failed = None;
        self.job = None;
    }

    /// Waits (at most `timeout`) for the index being built, polling it, and takes it
    /// in: for tests and scripts that drive the window without a display.
    pub fn wait_for_index(&mut self, kg: &Arc<KnowledgeGraph>, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        loop {
            self.refresh(None, kg);
            if self.job.is_none() {
                return self.library.is_some();
            }
            if Instant::now() > end {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The words selected in the text shown, trimmed; `None` when nothing is.
    pub fn selected_words(&self) -> Option<&str> {
        let sel = self.text.selected.as_ref()?;
        let lib = self.library()?;
        // Only words of the source shown (two sources may share a file).
        if lib.file_of.get(self.source.as_deref()?) != Some(&sel.file) {
            return None;
        }
        let index = lib.files.get(&sel.file)?.as_ref().ok()?;
        text_view::selected_words(index, sel)
    }

    /// The selection as evidence of the source shown.
    fn selected_evidence(&self) -> Option<Evidence> {
        Some(Evidence::new(
            self.source.clone()?,
            self.selected_words()?.to_owned(),
        ))
    }

    /// The passage flashing: its file and bytes.
    pub fn flashing(&self) -> Option<(&str, std::ops::Range<usize>)> {
        let f = self.text.flash.as_ref()?;
        Some((f.file.as_str(), f.bytes.clone()))
    }

    /// The highlights drawn in the last frame: each one's screen rect, with the facts
    /// its passage backs.
    pub fn drawn_highlights(&self) -> Vec<(egui::Rect, Vec<Backing>)> {
        let Some(index) = self.shown_index() else {
            return Vec::new();
        };
        let spans = &index.spans;
        let backs = |i: usize| spans.get(i).map(|s| s.backs.clone()).unwrap_or_default();
        self.text
            .drawn
            .iter()
            .map(|&(r, i)| (r, backs(i)))
            .collect()
    }

    /// The index of the text shown, if read.
    pub fn shown_index(&self) -> Option<&FileIndex> {
        let lib = self.library()?;
        lib.source(self.source.as_deref()?)?
            .as_ref()
            .ok()
            .map(|a| &**a)
    }

    /// A pending *Show in source*: scrolls to the passage (flashing it) once the text
    /// is indexed, or says it is not in the text.
    fn resolve_pending(&mut self, kg: &KnowledgeGraph) {
        let Some(ev) = self.pending.as_ref() else {
            return;
        };
        let Some(lib) = self.library() else {
            return;
        };
        // An index of an older revision may lack a quote just added: wait for the new.
        let fresh = lib.revision == kg.revision();
        let found = lib.locate(ev).map(|(_, r)| r);
        let file = lib.file_of.get(&ev.source).cloned();
        match (found, file, fresh) {
            (Some(bytes), Some(file), _) => {
                self.text.scroll_to = Some((file, bytes));
                self.pending = None;
            }
            (_, _, false) => {}
            (_, _, true) => {
                let text_read = lib.source(&ev.source).is_some_and(|r| r.is_ok());
                if text_read {
                    let (quote, more) = crate::model::cut_to(&ev.quote, 120);
                    self.notice = Some(format!(
                        "This quote is not in the text: \u{201c}{quote}{more}\u{201d}"
                    ));
                }
                self.pending = None;
            }
        }
    }
}

/// Draws the reader into `ui` (the caller provides the panel): a picker of sources, the
/// source's citation, the passage buttons and the text. Brings the index up to date
/// first ([`Reader::refresh`]).
pub fn reader_ui(
    ui: &mut Ui,
    reader: &mut Reader,
    kg: &Arc<KnowledgeGraph>,
    cmds: &mut Vec<Command>,
) {
    reader.refresh(Some(ui.ctx()), kg);
    if reader
        .source
        .as_ref()
        .is_none_or(|id| kg.source(id).is_none())
    {
        reader.source = kg.sources.first().map(|s| s.id.clone());
    }
    reader.resolve_pending(kg);
    ui.horizontal(|ui| {
        ui.heading("Source reader");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let close = ui.button("Close").on_hover_text("Hide the source reader");
            close.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, "Close the source reader")
            });
            if close.clicked() {
                cmds.push(Command::Reader(ReaderCommand::Toggle));
            }
        });
    });
    if kg.sources.is_empty() {
        ui.label("This graph has no sources. File > Add source… imports a text.");
        return;
    }
    picker_ui(ui, reader, kg);
    let Some(source) = reader.source.as_deref().and_then(|id| kg.source(id)) else {
        return;
    };
    citation_ui(ui, source);
    remove_source_ui(ui, reader, kg, source, cmds);
    if let Some(notice) = &reader.notice {
        ui.colored_label(ui.visuals().warn_fg_color, notice);
    }
    let entry = reader
        .library()
        .and_then(|lib| lib.source(&source.id).cloned());
    match entry {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak("Reading the text…");
            });
        }
        Some(Err(why)) => missing_ui(ui, reader, &why, cmds),
        Some(Ok(index)) => {
            let evidence = reader.selected_evidence();
            passage_buttons_ui(ui, evidence.as_ref(), cmds);
            not_found_ui(ui, &index, kg);
            ui.separator();
            let fresh = reader
                .library()
                .is_some_and(|l| l.revision == kg.revision());
            let input = text_view::TextInput {
                file: &source.file,
                index: &index,
                kg: fresh.then_some(&**kg),
            };
            let mut menu = |ui: &mut Ui, cmds: &mut Vec<Command>| {
                passage_menu_ui(ui, evidence.as_ref(), cmds);
            };
            text_view::text_ui(ui, &mut reader.text, &input, cmds, &mut menu);
        }
    }
}

/// The choice of source, by title.
fn picker_ui(ui: &mut Ui, reader: &mut Reader, kg: &KnowledgeGraph) {
    let current = reader
        .source
        .as_deref()
        .and_then(|id| kg.source(id))
        .map_or_else(String::new, |s| s.title.clone());
    let mut chosen = None;
    let label = ui.label("Source");
    egui::ComboBox::from_id_salt("ideagraph-reader-source")
        .width(ui.available_width())
        .selected_text(current)
        .show_ui(ui, |ui| {
            for s in &kg.sources {
                let on = reader.source.as_deref() == Some(s.id.as_str());
                if ui.selectable_label(on, &s.title).clicked() {
                    chosen = Some(s.id.clone());
                }
            }
        })
        .response
        .labelled_by(label.id);
    if let Some(id) = chosen {
        reader.show_source(&id);
    }
}

/// The source's title, outlet, authors and date (its basis on hover).
fn citation_ui(ui: &mut Ui, s: &Source) {
    ui.label(RichText::new(&s.title).strong());
    let mut parts = Vec::new();
    if let Some(o) = &s.outlet {
        parts.push(o.clone());
    }
    if !s.authors.is_empty() {
        parts.push(s.authors.join(", "));
    }
    if let Some(d) = &s.date {
        let basis = if d.basis.is_inferred() {
            " (inferred)"
        } else {
            ""
        };
        parts.push(format!("{}{basis}", d.date));
    }
    if parts.is_empty() {
        parts.push("No outlet, author or date given".to_owned());
    }
    let resp = ui.weak(parts.join(" · "));
    if let Some(crate::model::Dated {
        basis: Basis::Inferred(why),
        ..
    }) = &s.date
        && !why.is_empty()
    {
        resp.on_hover_text(format!("Date inferred: {why}"));
    }
}

/// *Remove source*: one undoable edit, refused (with the count) while any quote cites
/// the source. Its text file stays in its folder.
fn remove_source_ui(
    ui: &mut Ui,
    reader: &mut Reader,
    kg: &KnowledgeGraph,
    source: &Source,
    cmds: &mut Vec<Command>,
) {
    let hint = "Take this source out of the graph (Ctrl+Z puts it back); its text file \
                stays in its folder. Refused while any quote cites it.";
    if !ui
        .small_button("Remove source")
        .on_hover_text(hint)
        .clicked()
    {
        return;
    }
    // Counted on the click, not every frame: it walks the whole graph.
    reader.notice = match kg.citations(&source.id) {
        0 => {
            cmds.push(Command::Edit {
                edit: Edit::RemoveSource(source.id.clone()),
                label: format!("remove source {}", source.title),
            });
            None
        }
        1 => Some("1 quote cites this source: remove it or quote another source first.".into()),
        n => Some(format!(
            "{n} quotes cite this source: remove them or quote another source first."
        )),
    };
}

/// Why the text cannot be shown, and what to do about it.
fn missing_ui(ui: &mut Ui, reader: &mut Reader, why: &SourceTextError, cmds: &mut Vec<Command>) {
    ui.add_space(6.0);
    ui.colored_label(
        ui.visuals().error_fg_color,
        "The text of this source cannot be shown.",
    );
    ui.label(why.to_string());
    ui.horizontal_wrapped(|ui| {
        if ui.button("Sources folder…").clicked() {
            cmds.push(Command::Reader(ReaderCommand::ChooseFolder));
        }
        if ui
            .button("Look again")
            .on_hover_text("After copying the file into a folder")
            .clicked()
        {
            reader.look_again();
        }
    });
}

/// The quotes of this source that are not in its text, folded away.
fn not_found_ui(ui: &mut Ui, index: &FileIndex, kg: &KnowledgeGraph) {
    if index.not_found.is_empty() {
        return;
    }
    let n = index.not_found.len();
    egui::CollapsingHeader::new(format!("{n} quote(s) not found in this text"))
        .id_salt("ideagraph-reader-not-found")
        .show(ui, |ui| {
            for q in &index.not_found {
                let what = q.backing.describe(kg).unwrap_or_default();
                ui.label(RichText::new(format!("\u{201c}{}\u{201d}", q.evidence.quote)).italics());
                ui.weak(format!("backs {what}"));
            }
        });
}

/// The buttons that turn the selection into a fact, and what is selected.
fn passage_buttons_ui(ui: &mut Ui, evidence: Option<&Evidence>, cmds: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| passage_actions_ui(ui, evidence, cmds));
    match evidence {
        Some(ev) => {
            let (words, more) = crate::model::cut_to(&ev.quote, 140);
            ui.label(RichText::new(format!("Selected: \u{201c}{words}{more}\u{201d}")).italics());
        }
        None => {
            ui.weak("Select words in the text to quote them in a new fact.");
        }
    }
}

/// A passage action: its button's words, its hover text, and the command it makes.
type Action = (&'static str, &'static str, fn(Evidence) -> PassageAction);

/// The passage actions, enabled when words are selected; true when one was chosen.
fn passage_actions_ui(ui: &mut Ui, evidence: Option<&Evidence>, cmds: &mut Vec<Command>) -> bool {
    let on = evidence.is_some();
    let actions: [Action; 3] = [
        (
            "New edge from this passage…",
            "A new connection between two nodes, with these words as its evidence",
            PassageAction::NewEdge,
        ),
        (
            "New node from this passage…",
            "A new node, its label taken from these words, with them as its evidence",
            PassageAction::NewNode,
        ),
        (
            "Add as evidence to…",
            "These words as a further quote for an existing connection, node, role or faction claim",
            PassageAction::AddAsEvidence,
        ),
    ];
    let mut chosen = false;
    for (label, hover, action) in actions {
        let resp = ui
            .add_enabled(on, egui::Button::new(label))
            .on_hover_text(hover);
        if resp.clicked()
            && let Some(ev) = evidence
        {
            cmds.push(Command::Passage(action(ev.clone())));
            chosen = true;
        }
    }
    chosen
}

/// The right-click menu on the text: the passage actions.
fn passage_menu_ui(ui: &mut Ui, evidence: Option<&Evidence>, cmds: &mut Vec<Command>) {
    if evidence.is_none() {
        ui.weak("Select words first.");
    }
    if passage_actions_ui(ui, evidence, cmds) {
        ui.close();
    }
}
