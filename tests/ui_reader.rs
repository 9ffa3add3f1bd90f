//! The source reader: highlights that name and select their facts, *Show in source*
//! scrolling to a flashed passage, a selection turned into a passage command with the
//! exact words, the message for a missing text, File > Sources folder… and Add source…,
//! and a node's *Passages*. Fixture texts are written to a temp folder.

#[allow(dead_code)]
mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::accesskit::Role;
use egui::text::{CCursor, CCursorRange};
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ideagraph::io::sources::SourceDirs;
use ideagraph::model::{
    Basis, Dated, Document, Edge, Edit, Evidence, Kind, KnowledgeGraph, Node, Relation, Source,
};
use ideagraph::ui::{
    App, Command, PassageAction, Reader, ReaderCommand, STORAGE_KEY, Selection, State, block_id,
    reader_ui,
};
use petgraph::stable_graph::EdgeIndex;

/// The quote of the edge, near the top of the text; curly quotes and a line break in
/// the text, straight quotes in the graph.
const EDGE_QUOTE: &str = "Labour must \"let people shape the public services they use\"";
/// Node evidence, far down the text (past a long filler).
const NODE_QUOTE: &str = "Jon Cruddas has the strong support of the party's reformers";

/// The fixture text: the edge's passage, forty filler paragraphs, the node's passage.
fn text() -> String {
    let mut t = String::from(
        "Reform piece\n\nLiz Kendall said Labour must \u{201c}let people shape the public\n\
         services they use\u{201d} and argued for localism.\n\n",
    );
    for i in 0..40 {
        t.push_str(&format!(
            "Filler paragraph {i} says nothing the graph quotes, at some length, so \
             that the text runs well past one screen of the reader.\n\n"
        ));
    }
    t.push_str("In the end, Jon Cruddas has the strong support of the party\u{2019}s reformers.\n");
    t
}

fn source(id: &str, file: &str, date: &str) -> Source {
    Source {
        node: None,
        id: id.into(),
        title: format!("The {id} piece"),
        outlet: Some("The Paper".into()),
        authors: vec!["A. Writer".into()],
        date: Some(Dated {
            date: date.parse().expect("a date"),
            basis: Basis::Stated,
        }),
        file: file.into(),
        note: None,
    }
}

fn ev(source: &str, quote: &str) -> Evidence {
    Evidence::new(source, quote)
}

/// Liz Kendall advocates localism (quoted early in `piece.txt`); Jon Cruddas's own
/// evidence quotes its end; an older source, `early`, backs Kendall's node too.
fn graph() -> KnowledgeGraph {
    let mut d = Document {
        sources: vec![
            source("piece", "piece.txt", "2015-01-29"),
            source("early", "early.txt", "2008"),
        ],
        ..Document::default()
    };
    let mut kendall = Node::new("liz-kendall", "Liz Kendall", Kind::Person);
    kendall
        .evidence
        .push(ev("early", "Kendall, then a young adviser"));
    let mut cruddas = Node::new("jon-cruddas", "Jon Cruddas", Kind::Person);
    cruddas.evidence.push(ev("piece", NODE_QUOTE));
    d.nodes.push(kendall);
    d.nodes.push(cruddas);
    d.nodes
        .push(Node::new("localism", "localism", Kind::Concept));
    let mut e = Edge::new("liz-kendall", "localism", Relation::Advocates);
    e.evidence.push(ev("piece", EDGE_QUOTE));
    d.edges.push(e);
    KnowledgeGraph::from_document(d)
}

/// A temp folder with `graph.ron`'s place and `sources/` beside it holding the texts.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let sources = tmp.path().join("sources");
    std::fs::create_dir_all(&sources).expect("sources dir");
    std::fs::write(sources.join("piece.txt"), text()).expect("write");
    std::fs::write(
        sources.join("early.txt"),
        "In 2008 Kendall, then a young adviser, wrote little.",
    )
    .expect("write");
    let graph = tmp.path().join("graph.ron");
    (tmp, graph)
}

/// The window on the fixture graph, opened from `graph_file`, laid out and paused.
fn app(graph_file: &Path) -> App {
    let mut app = App::new(graph(), Some(graph_file.to_path_buf()));
    app.settle_layout();
    app.set_layout_paused(true);
    app
}

/// The window with the reader open and its texts indexed.
fn reader_window(graph_file: &Path) -> Harness<'static, App> {
    let mut h = common::window(app(graph_file), vec2(1400.0, 900.0), 40);
    apply(&mut h, Command::Reader(ReaderCommand::Toggle));
    settle_reader(&mut h);
    h
}

/// Applies a command as the window does at the end of a frame.
fn apply(h: &mut Harness<'_, App>, cmd: Command) {
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, cmd);
    h.run();
}

/// Waits for the texts to be indexed, then lets frames (and any flash) run out.
fn settle_reader(h: &mut Harness<'_, App>) {
    assert!(h.state_mut().wait_for_sources(), "texts indexed");
    h.run_steps(120);
    h.run();
}

fn edge(app: &App) -> EdgeIndex {
    app.graph().edge_indices().next().expect("the edge")
}

#[test]
fn every_quote_is_highlighted_and_a_highlight_names_and_selects_its_fact() {
    let (_tmp, graph_file) = fixture();
    let mut h = reader_window(&graph_file);
    let reader = h.state().reader();
    assert_eq!(reader.source(), Some("piece"));
    let index = reader.shown_index().expect("the text is read");
    // Both quotes of the piece are placed, nothing is missing.
    assert_eq!(index.spans.len(), 2);
    assert!(index.not_found.is_empty());
    let placed: Vec<&str> = index
        .spans
        .iter()
        .map(|s| &index.text[s.bytes.clone()])
        .collect();
    assert_eq!(
        placed,
        [
            "Labour must \u{201c}let people shape the public\nservices they use\u{201d}",
            "Jon Cruddas has the strong support of the party\u{2019}s reformers",
        ]
    );
    // The edge's passage is in view and says what it backs; the node's, far down,
    // is not drawn yet.
    let name = "Highlight: Liz Kendall advocates localism";
    assert!(h.query_all_by_label(name).next().is_some(), "{name}");
    assert!(
        h.query_all_by_label_contains("Highlight: Jon Cruddas")
            .next()
            .is_none(),
        "the node's passage is below the view"
    );
    h.query_all_by_label(name)
        .next()
        .expect("highlight")
        .click();
    h.run();
    assert_eq!(
        h.state().selection(),
        Some(Selection::Edge(edge(h.state())))
    );
}

#[test]
fn show_in_source_from_the_sidebar_opens_the_reader_scrolled_to_the_flashed_passage() {
    let (_tmp, graph_file) = fixture();
    let mut h = common::window(app(&graph_file), vec2(1400.0, 900.0), 40);
    let cruddas = h.state().graph().index_of("jon-cruddas").expect("node");
    apply(&mut h, Command::SelectNode(cruddas));
    assert!(!h.state().reader().open);
    h.get_by_label_contains("Show in source: Jon Cruddas has")
        .click();
    h.run_steps(2);
    assert!(h.state().reader().open, "the reader opened");
    assert!(h.state_mut().wait_for_sources());
    // A few frames: the passage is laid out, scrolled to, and starts flashing.
    h.run_steps(3);
    let (file, bytes) = h.state().reader().flashing().expect("flashing");
    assert_eq!(file, "piece.txt");
    let index = h.state().reader().shown_index().expect("read");
    assert_eq!(&index.text[bytes], NODE_QUOTE.replace('\'', "\u{2019}"));
    h.run_steps(3);
    let highlight = h
        .query_all_by_label_contains("Highlight: Jon Cruddas")
        .next()
        .expect("the passage is in view")
        .rect();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, vec2(1400.0, 900.0));
    assert!(screen.contains_rect(highlight), "{highlight:?}");
    // The flash fades after a second and a half.
    h.run_steps(120);
    assert_eq!(h.state().reader().flashing(), None);
}

/// The reader on its own in a harness, collecting what it emits.
struct Alone {
    reader: Reader,
    kg: Arc<KnowledgeGraph>,
    cmds: Vec<Command>,
}

fn alone(sources: &Path) -> Harness<'static, Alone> {
    let mut reader = Reader::with_flag_dir(Some(sources.to_path_buf()));
    reader.set_dirs(SourceDirs::new(Some(sources.to_path_buf()), None, None));
    reader.show_source("piece");
    let kg = Arc::new(graph());
    assert!(reader.wait_for_index(&kg, std::time::Duration::from_secs(10)));
    let state = Alone {
        reader,
        kg,
        cmds: Vec::new(),
    };
    let mut h = Harness::builder()
        .with_size(vec2(520.0, 800.0))
        .with_max_steps(40)
        .build_ui_state(
            |ui, st: &mut Alone| {
                egui::CentralPanel::default().show(ui, |ui| {
                    reader_ui(ui, &mut st.reader, &st.kg, &mut st.cmds);
                });
            },
            state,
        );
    h.run();
    h
}

/// Selects characters `chars` of the first block, as a drag would, focusing the text.
fn select(h: &mut Harness<'_, Alone>, chars: std::ops::Range<usize>) {
    let id = block_id("piece.txt", 0);
    let ctx = h.ctx.clone();
    let mut state = egui::text_edit::TextEditState::load(&ctx, id).expect("the text was shown");
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(chars.start),
        CCursor::new(chars.end),
    )));
    state.store(&ctx, id);
    ctx.memory_mut(|m| m.request_focus(id));
    h.run();
}

/// The characters of the first occurrence of `words` in the fixture text.
fn chars_of(words: &str) -> std::ops::Range<usize> {
    let t = text();
    let at = t.find(words).expect("in the text");
    let start = t[..at].chars().count();
    start..start + words.chars().count()
}

/// A right-click at `pos` (the text is taller than the view: its centre is off screen).
fn right_click_at(h: &mut Harness<'_, Alone>, pos: egui::Pos2) {
    h.hover_at(pos);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run();
}

#[test]
fn a_selection_becomes_a_new_edge_node_or_evidence_with_exactly_its_words() {
    let (_tmp, graph_file) = fixture();
    let sources = graph_file.with_file_name("sources");
    let mut h = alone(&sources);
    let button = "New edge from this passage…";
    assert!(
        h.get_by_label(button).accesskit_node().is_disabled(),
        "nothing selected: disabled"
    );
    // Whitespace around the words is not part of the quote; the line break inside is.
    select(&mut h, chars_of(" shape the public\nservices "));
    h.get_by_label(button).click();
    h.run();
    let want = ev("piece", "shape the public\nservices");
    assert_eq!(
        h.state().cmds,
        [Command::Passage(PassageAction::NewEdge(want.clone()))]
    );
    // The selection stays for the next button, though the text lost the focus.
    h.get_by_label("Add as evidence to…").click();
    h.run();
    assert_eq!(
        h.state().cmds.last(),
        Some(&Command::Passage(PassageAction::AddAsEvidence(
            want.clone()
        )))
    );
    // The right-click menu offers the same, for the same words.
    let text = h.get_by_role(Role::MultilineTextInput).rect();
    right_click_at(&mut h, text.min + vec2(30.0, 8.0));
    let in_menu = h
        .query_all_by_label("New node from this passage…")
        .max_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
        .expect("a menu item");
    assert!(
        in_menu.rect().min.y > text.min.y,
        "the menu's, not the toolbar's"
    );
    in_menu.click();
    h.run();
    assert_eq!(
        h.state().cmds.last(),
        Some(&Command::Passage(PassageAction::NewNode(want)))
    );
}

#[test]
fn a_missing_text_names_the_file_and_every_folder_looked_in() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (flag, chosen) = (tmp.path().join("flag"), tmp.path().join("chosen"));
    let graph_file = tmp.path().join("g").join("graph.ron");
    let mut app = app(&graph_file);
    app.set_sources_flag(Some(flag.clone()));
    app.state.sources_dir = Some(chosen.clone());
    let mut h = common::window(app, vec2(1400.0, 900.0), 40);
    apply(&mut h, Command::Reader(ReaderCommand::Toggle));
    settle_reader(&mut h);
    h.get_by_label("The text of this source cannot be shown.");
    let beside = tmp.path().join("g").join("sources");
    let message = h
        .query_all_by_label_contains("is missing: looked in")
        .next()
        .and_then(|n| common::name(&n))
        .expect("the message");
    for part in [
        "piece.txt".to_owned(),
        flag.display().to_string(),
        chosen.display().to_string(),
        beside.display().to_string(),
    ] {
        assert!(message.contains(&part), "{message:?} names {part}");
    }
}

#[test]
fn sources_folder_typed_when_no_dialog_is_remembered_and_used() {
    ideagraph::ui::set_native_dialogs(false);
    let (_tmp, graph_file) = fixture();
    // The texts are elsewhere than beside the graph: the reader cannot find them.
    let elsewhere = graph_file.with_file_name("elsewhere");
    std::fs::rename(graph_file.with_file_name("sources"), &elsewhere).expect("move");
    let mut h = reader_window(&graph_file);
    h.get_by_label("The text of this source cannot be shown.");
    apply(&mut h, Command::Reader(ReaderCommand::ChooseFolder));
    common::type_into(
        &mut h,
        "Sources folder path",
        &elsewhere.display().to_string(),
    );
    h.get_by_label("Use this folder").click();
    h.run();
    assert_eq!(
        h.state().state.sources_dir.as_deref(),
        Some(elsewhere.as_path())
    );
    settle_reader(&mut h);
    assert!(h.state().reader().shown_index().is_some(), "found there");
    assert!(
        h.query_all_by_label("Highlight: Liz Kendall advocates localism")
            .next()
            .is_some()
    );
}

#[test]
fn add_source_copies_the_text_beside_the_graph_and_adds_the_record() {
    ideagraph::ui::set_native_dialogs(false);
    let (tmp, graph_file) = fixture();
    let picked = tmp.path().join("incoming").join("new-piece.txt");
    std::fs::create_dir_all(picked.parent().expect("dir")).expect("dir");
    std::fs::write(&picked, "A new piece, with Jon Cruddas in it.").expect("write");
    let mut h = common::window(app(&graph_file), vec2(1400.0, 900.0), 40);
    apply(&mut h, Command::Reader(ReaderCommand::AddSourceDialog));
    common::type_into(&mut h, "Text file", &picked.display().to_string());
    common::type_into(&mut h, "Title", "A new piece");
    common::type_into(&mut h, "Outlet", "The Paper");
    common::type_into(&mut h, "Authors", "A. Writer, B. Writer");
    common::type_into(&mut h, "Date", "2016-02");
    h.get_by_label("Add source").click();
    h.run();
    let copy = tmp.path().join("sources").join("new-piece.txt");
    assert_eq!(
        std::fs::read_to_string(&copy).expect("copied beside the graph"),
        "A new piece, with Jon Cruddas in it."
    );
    let kg = h.state().graph();
    let added = kg.source("a-new-piece").expect("the record");
    assert_eq!(added.file, "new-piece.txt");
    assert_eq!(added.authors, ["A. Writer", "B. Writer"]);
    assert_eq!(
        added.date.as_ref().map(|d| d.date.to_string()).as_deref(),
        Some("2016-02")
    );
    assert_eq!(
        added.date.as_ref().map(|d| d.basis.clone()),
        Some(Basis::Stated)
    );
    // The reader opens on it.
    assert_eq!(h.state().reader().source(), Some("a-new-piece"));
    assert!(h.state().reader().open);
    settle_reader(&mut h);
    assert!(h.state().reader().shown_index().is_some());
}

#[test]
fn add_source_refuses_text_that_is_not_utf8_and_a_graph_without_a_file() {
    ideagraph::ui::set_native_dialogs(false);
    let (tmp, graph_file) = fixture();
    let latin1 = tmp.path().join("latin1.txt");
    std::fs::write(&latin1, b"caf\xe9 society").expect("write");
    let mut h = common::window(app(&graph_file), vec2(1400.0, 900.0), 40);
    apply(&mut h, Command::Reader(ReaderCommand::AddSourceDialog));
    common::type_into(&mut h, "Text file", &latin1.display().to_string());
    common::type_into(&mut h, "Title", "Latin-1");
    h.get_by_label("Add source").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("not UTF-8").next().is_some(),
        "the form says why"
    );
    assert!(h.state().graph().source("latin-1").is_none());
    assert!(!tmp.path().join("sources").join("latin1.txt").exists());

    // The bundled graph has no file to put sources beside.
    let mut h = common::window(common::settled(None), vec2(1400.0, 900.0), 40);
    apply(&mut h, Command::Reader(ReaderCommand::AddSourceDialog));
    let error = h.state().error_message().expect("an error");
    assert!(error.contains("Save it to a file first"), "{error}");
}

#[test]
fn a_nodes_passages_list_its_quotes_in_context_by_date_and_open_the_reader() {
    let (_tmp, graph_file) = fixture();
    let mut h = common::window(app(&graph_file), vec2(1400.0, 900.0), 40);
    let kendall = h.state().graph().index_of("liz-kendall").expect("node");
    apply(&mut h, Command::SelectNode(kendall));
    assert!(h.state_mut().wait_for_sources(), "indexed for the passages");
    h.run();
    h.get_by_label("Passages").click();
    h.run();
    let lines: Vec<String> = h
        .query_all_by_label_contains("Passage ")
        .filter_map(|n| common::name(&n))
        .filter(|n| n.starts_with("Passage "))
        .collect();
    // The 2008 source first, then the 2015 one; each in words of context from its text.
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        lines[0],
        "Passage 1: In 2008 Kendall, then a young adviser, wrote little."
    );
    assert!(
        lines[1].starts_with(
            "Passage 2: Reform piece Liz Kendall said Labour must \u{201c}let people shape"
        ),
        "{}",
        lines[1]
    );
    let line = h.get_by_label(&lines[0]);
    line.click();
    h.run_steps(2);
    assert!(h.state().reader().open);
    assert_eq!(h.state().reader().source(), Some("early"));
}

#[test]
fn a_drag_selects_words_that_stay_selected_when_the_text_loses_the_focus() {
    let (_tmp, graph_file) = fixture();
    let mut h = alone(&graph_file.with_file_name("sources"));
    let (rect, _) = h.state().reader.drawn_highlights()[0].clone();
    let (from, to) = (
        rect.left_center() + vec2(2.0, 0.0),
        rect.right_center() - vec2(2.0, 0.0),
    );
    h.hover_at(from);
    h.event(egui::Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
    for t in 1..=5 {
        h.hover_at(from + (to - from) * (t as f32 / 5.0));
        h.step();
    }
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    let words = h.state().reader.selected_words().map(str::to_owned);
    eprintln!("selected {words:?}");
    assert!(words.is_some());
    h.get_by_label("Source reader").click();
    h.run();
    assert_eq!(h.state().reader.selected_words().map(str::to_owned), words);
}

#[test]
fn words_selected_in_one_source_are_not_quoted_for_another() {
    let (_tmp, graph_file) = fixture();
    let mut h = alone(&graph_file.with_file_name("sources"));
    select(&mut h, chars_of("shape the public"));
    assert_eq!(h.state().reader.selected_words(), Some("shape the public"));
    // The picker chooses the other source.
    h.get_by_label("Source").click();
    h.run();
    h.get_by_label("The early piece").click();
    h.run();
    assert_eq!(h.state().reader.source(), Some("early"));
    assert_eq!(h.state().reader.selected_words(), None);
    let button = h.get_by_label("New edge from this passage…");
    assert!(button.accesskit_node().is_disabled());
}

#[test]
fn clicking_a_highlight_brings_its_edge_into_view_when_the_canvas_does_not_show_it() {
    let (_tmp, graph_file) = fixture();
    let mut h = reader_window(&graph_file);
    // Centre on Jon Cruddas and zoom in as far as the keys go: the edge between Liz
    // Kendall and localism leaves the screen.
    let cruddas = h.state().graph().index_of("jon-cruddas").expect("node");
    apply(&mut h, Command::SelectAndCentre(cruddas));
    apply(&mut h, Command::ClearSelection);
    for _ in 0..20 {
        h.key_press(egui::Key::Plus);
        h.run();
    }
    let ends = ["liz-kendall", "localism"];
    assert!(
        !ends.iter().all(|id| h.state().node_in_view(id)),
        "the edge is off screen before the click"
    );
    h.query_all_by_label("Highlight: Liz Kendall advocates localism")
        .next()
        .expect("highlight")
        .click();
    h.run_steps(60);
    h.run();
    assert_eq!(
        h.state().selection(),
        Some(Selection::Edge(edge(h.state())))
    );
    for id in ends {
        assert!(h.state().node_in_view(id), "{id} is seen after the click");
    }
}

/// The preferences eframe would store, kept in memory.
#[derive(Default)]
struct Stored(std::collections::HashMap<String, String>);

impl eframe::Storage for Stored {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

/// The preferences the window saves as it closes.
fn saved(h: &mut Harness<'_, App>) -> State {
    let mut storage = Stored::default();
    eframe::App::save(h.state_mut(), &mut storage);
    eframe::get_value(&storage, STORAGE_KEY).expect("preferences saved")
}

#[test]
fn the_reader_opens_as_the_window_last_closed_at_the_width_it_was_given() {
    let (_tmp, graph_file) = fixture();
    let state = State {
        reader_open: true,
        reader_width: 600.0,
        ..State::default()
    };
    let mut app = App::with_state(graph(), Some(graph_file), state);
    app.settle_layout();
    app.set_layout_paused(true);
    let mut h = common::window(app, vec2(1400.0, 900.0), 40);
    settle_reader(&mut h);
    assert!(h.state().reader().open, "open as it was left");
    let width = h.state().state.reader_width;
    assert!((width - 600.0).abs() < 1.5, "{width} wide, left 600");
    let kept = saved(&mut h);
    assert!(kept.reader_open && (kept.reader_width - 600.0).abs() < 1.5);
    apply(&mut h, Command::Reader(ReaderCommand::Toggle));
    assert!(!saved(&mut h).reader_open, "closed, it is saved closed");
}

#[test]
fn remove_source_is_refused_while_quoted_and_undone_like_any_edit() {
    let (_tmp, graph_file) = fixture();
    let mut h = reader_window(&graph_file);
    h.get_by_label("Remove source").click();
    h.run();
    assert!(
        h.query_by_label_contains("2 quotes cite this source")
            .is_some(),
        "refused with the count"
    );
    assert!(h.state().graph().source("piece").is_some());
    apply(
        &mut h,
        Command::Edit {
            edit: Edit::AddSource(source("spare", "spare.txt", "2010")),
            label: "add source The spare piece".into(),
        },
    );
    h.get_by_label("Source").click();
    h.run();
    h.get_by_label("The spare piece").click();
    h.run();
    h.get_by_label("Remove source").click();
    h.run();
    assert!(h.state().graph().source("spare").is_none(), "removed");
    assert_eq!(
        h.state().undo_label(),
        Some("remove source The spare piece")
    );
    apply(&mut h, Command::Undo);
    assert!(h.state().graph().source("spare").is_some(), "back");
}
