//! Crash recovery on the real binary: `ideagraph FILE` runs a session of edits headless
//! (`IDEAGRAPH_SCRIPT`, the window's own `App` code in an egui context without a
//! window, so no display is needed), is killed with SIGKILL mid-session, and a fresh
//! window on the same file offers the journal and restores every edit, exactly.
//!
//! Why headless rather than a real window under Xvfb: the edits go through the same
//! `App::apply` and `App::show` as clicks would, the journal is written by the same
//! thread, and the kill hits a real process; what a window would add (pixels, event
//! timing) is not what recovery depends on, and would make the test slow and flaky.

#[allow(dead_code)]
mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::io::journal::{journal_path, read_journal};
use ideagraph::io::ron_format;
use ideagraph::model::{
    Document, Edge, Edit, Evidence, Kind, KnowledgeGraph, Node, Relation, Source,
};
use ideagraph::ui::{App, JOURNAL_INTERVAL, SCRIPT};

/// A small graph with a source to quote.
fn document() -> Document {
    let mut doc = Document {
        title: "Crash".into(),
        ..Document::default()
    };
    doc.nodes
        .push(Node::new("ada", "Ada Reformer", Kind::Person));
    doc.sources.push(Source {
        node: None,
        id: "notes".into(),
        title: "Notes".into(),
        outlet: None,
        authors: Vec::new(),
        date: None,
        file: String::new(),
        note: None,
    });
    doc
}

fn evidence(quote: &str) -> Evidence {
    Evidence::new("notes", quote)
}

fn concept(i: usize) -> Node {
    let mut n = Node::new(format!("idea-{i}"), format!("Idea {i}"), Kind::Concept);
    n.evidence.push(evidence(&format!("on idea {i}")));
    n
}

fn advocates(i: usize) -> Edge {
    let mut e = Edge::new("ada", format!("idea-{i}"), Relation::Advocates);
    e.evidence.push(evidence(&format!("Ada on idea {i}")));
    e
}

/// Writes the graph file and a script; returns their paths.
fn session(dir: &Path, steps: &[ScriptStepText]) -> (PathBuf, PathBuf) {
    let graph = dir.join("g.ron");
    std::fs::write(&graph, ron_format::to_string(&document()).expect("encodes"))
        .expect("write graph");
    let script = dir.join("script.ron");
    let text: Vec<String> = steps.iter().map(ScriptStepText::ron).collect();
    std::fs::write(&script, format!("[\n{}\n]\n", text.join(",\n"))).expect("write script");
    (graph, script)
}

/// A step as the script file spells it, and as the test applies it in-process.
#[derive(Clone, Debug)]
enum ScriptStepText {
    AddNode(usize),
    AddEdge(usize),
    Undo,
    Redo,
    Wait(u64),
}

impl ScriptStepText {
    fn ron(&self) -> String {
        let pretty = ron::ser::PrettyConfig::new();
        let node = |n: &Node| ron::ser::to_string_pretty(n, pretty.clone()).expect("node");
        let edge = |e: &Edge| ron::ser::to_string_pretty(e, pretty.clone()).expect("edge");
        match self {
            Self::AddNode(i) => format!("AddNode({})", node(&concept(*i))),
            Self::AddEdge(i) => format!("AddEdge({})", edge(&advocates(*i))),
            Self::Undo => "Undo".into(),
            Self::Redo => "Redo".into(),
            Self::Wait(ms) => format!("Wait({ms})"),
        }
    }
}

/// The document after the first `n` steps, computed here with the model's own API.
fn expected_after(steps: &[ScriptStepText], n: usize) -> Document {
    let mut kg = KnowledgeGraph::from_document(document());
    let mut done = Vec::new();
    let mut undone = Vec::new();
    for step in steps.iter().take(n) {
        match step {
            ScriptStepText::AddNode(i) => {
                done.push(kg.apply(Edit::AddNode(concept(*i))).expect("valid").inverse);
                undone.clear();
            }
            ScriptStepText::AddEdge(i) => {
                done.push(
                    kg.apply(Edit::AddEdge(advocates(*i)))
                        .expect("valid")
                        .inverse,
                );
                undone.clear();
            }
            ScriptStepText::Undo => {
                if let Some(inv) = done.pop() {
                    undone.push(kg.undo(inv).expect("undo").inverse);
                }
            }
            ScriptStepText::Redo => {
                if let Some(inv) = undone.pop() {
                    done.push(kg.undo(inv).expect("redo").inverse);
                }
            }
            ScriptStepText::Wait(_) => {}
        }
    }
    kg.to_document()
}

/// Starts the real binary on `graph` running `script`; its stdout lines arrive on the
/// receiver.
fn start(graph: &Path, script: &Path, data: &Path) -> (Child, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ideagraph"))
        .arg(graph)
        .env(SCRIPT, script)
        // The bundled graph's journal (unused here) goes nowhere near the user's.
        .env("XDG_DATA_HOME", data)
        .env("HOME", data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let out = child.stdout.take().expect("stdout");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// Waits for the line `want`, failing after a minute or if the process says `done`.
fn wait_for(rx: &Receiver<String>, want: &str) {
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no {want:?} from the binary within a minute"));
        assert!(line != "done" || want == "done", "finished before {want:?}");
        assert!(!line.starts_with("error"), "{line}");
        if line == want {
            return;
        }
    }
}

/// SIGKILL: no destructor, no exit handler, no flush runs.
fn kill_9(child: &mut Child) {
    child.kill().expect("killed");
    child.wait().expect("reaped");
}

/// A fresh window on `graph`, journals kept: what the next start does.
fn reopen(graph: &Path) -> Harness<'static, App> {
    let mut app = App::new(KnowledgeGraph::default(), None);
    app.enable_recovery(None);
    app.set_layout_paused(true);
    let mut h = common::window(app, vec2(1300.0, 850.0), 40);
    let ctx = h.ctx.clone();
    h.state_mut().load_path(&ctx, graph.to_path_buf());
    h.run();
    h
}

fn restore(h: &mut Harness<'_, App>) {
    common::click(h, "Restore");
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_load(&ctx);
    h.run();
}

#[test]
fn a_killed_session_is_restored_edit_for_edit() {
    use ScriptStepText::*;
    let steps = [
        AddNode(1),
        AddEdge(1),
        AddNode(2),
        AddEdge(2),
        Undo,
        Undo,
        Redo,
        AddNode(3),
        // The user pauses; the session is killed during it.
        Wait(120_000),
    ];
    let applied = steps.len() - 1;
    let dir = tempfile::tempdir().expect("tempdir");
    let (graph, script) = session(dir.path(), &steps);
    let (mut child, rx) = start(&graph, &script, dir.path());
    wait_for(&rx, &format!("applied {applied}"));
    // Several journal intervals: the last edit's journal is written by then.
    std::thread::sleep(4 * JOURNAL_INTERVAL + Duration::from_millis(500));
    kill_9(&mut child);

    let journal = read_journal(&journal_path(&graph))
        .expect("reads")
        .expect("a journal survived the kill");
    assert_eq!(
        journal.labels,
        [
            "add node Idea 1",
            "add edge Ada Reformer advocates Idea 1",
            "add node Idea 2",
            "add node Idea 3"
        ]
    );
    let original = std::fs::read(&graph).expect("read");
    let mut h = reopen(&graph);
    assert!(
        h.state().restore_offered(),
        "the next start offers the journal"
    );
    h.get_by_label_contains("g.ron has 4 unsaved edits from");
    restore(&mut h);
    assert_eq!(
        h.state().graph().to_document(),
        expected_after(&steps, applied),
        "every edit applied before the kill, exactly"
    );
    assert!(h.state().is_dirty(), "restored, not saved");
    assert_eq!(
        std::fs::read(&graph).expect("read"),
        original,
        "file untouched"
    );
}

#[test]
fn a_kill_in_a_burst_of_edits_leaves_a_whole_state_never_a_torn_one() {
    use ScriptStepText::*;
    let mut steps: Vec<ScriptStepText> = (1..=40).flat_map(|i| [AddNode(i), Wait(15)]).collect();
    steps.push(Wait(120_000));
    let dir = tempfile::tempdir().expect("tempdir");
    let (graph, script) = session(dir.path(), &steps);
    let (mut child, rx) = start(&graph, &script, dir.path());
    // Killed while edits still arrive (step 30 is the 15th edit of 40), once a journal
    // is on disk (on a loaded machine its first write may lag the edits).
    wait_for(&rx, "applied 30");
    let journal = journal_path(&graph);
    for _ in 0..200 {
        if journal.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    kill_9(&mut child);

    let mut h = reopen(&graph);
    assert!(
        h.state().restore_offered(),
        "a journal was written during the burst"
    );
    restore(&mut h);
    let restored = h.state().graph().to_document();
    // Some prefix of the edits, whole: the state after exactly its last edit.
    let n = restored.nodes.len() - 1;
    assert!((1..=40).contains(&n), "{n} edits restored");
    assert_eq!(restored, expected_after(&steps, 2 * n));
}
