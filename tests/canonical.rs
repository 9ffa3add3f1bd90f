//! The canonical RON writer: `graph.ron` is reproduced byte for byte, any document is
//! written the same way after a round trip, and a change to one record changes only
//! that record's lines.

use std::collections::BTreeMap;

use ideagraph::bundled::GRAPH_RON;
use ideagraph::io::{ron_format, save};
use ideagraph::model::{
    Basis, Dated, Document, Edge, Evidence, FactionClaim, Kind, KnowledgeGraph, Modality, Node,
    PartialDate, Relation, Role, Source, SubKind, Voice,
};
use proptest::prelude::*;

fn canonical(doc: &Document) -> String {
    ron_format::to_string(doc).expect("writes")
}

fn bundled_doc() -> Document {
    ron_format::parse_document(GRAPH_RON, "graph.ron").expect("graph.ron parses")
}

#[test]
fn graph_ron_is_written_back_byte_for_byte() {
    assert_eq!(canonical(&bundled_doc()), GRAPH_RON);
    // Through the graph the window edits, and through a save to disk.
    let kg = ron_format::load_valid(GRAPH_RON, "graph.ron").expect("loads");
    assert_eq!(canonical(&kg.to_document()), GRAPH_RON);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("graph.ron");
    let stamp = save::save_graph(&path, &kg).expect("saves");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), GRAPH_RON);
    assert_eq!(save::FileStamp::of(&path), Some(stamp));
}

#[test]
fn the_form_is_as_graph_ron_writes_it() {
    let mut node = Node::new("liz-kendall", "Liz Kendall", Kind::Person);
    node.aliases = vec!["Kendall".into(), "Liz".into()];
    node.roles.push(Role {
        title: "MP".into(),
        when: Some(Dated {
            date: "2015-01-29".parse().expect("date"),
            basis: Basis::Stated,
        }),
        evidence: ev("s", "Liz Kendall, the MP").with(Voice::Own, Modality::Stated),
    });
    node.attrs.insert("colour".into(), "red".into());
    node.pos = Some([1.5, -2.0]);
    let mut edge = Edge::new("liz-kendall", "liz-kendall", Relation::Supports);
    edge.note = Some("It's \"hers\"\\ and\nmore".into());
    let doc = Document {
        nodes: vec![node],
        edges: vec![edge],
        ..Document::default()
    };
    let want = r#"#![enable(implicit_some)]
Document(
  version: 1,
  sources: [],
  nodes: [
    Node(
      id: "liz-kendall",
      label: "Liz Kendall",
      kind: Person,
      aliases: ["Kendall", "Liz"],
      roles: [
        Role(title: "MP", when: (date: "2015-01-29", basis: Stated), evidence: Evidence(source: "s", quote: "Liz Kendall, the MP", voice: Own, modality: Stated)),
      ],
      attrs: {"colour": "red"},
      pos: (1.5, -2.0),
    ),
  ],
  edges: [
    Edge(
      from: "liz-kendall",
      to: "liz-kendall",
      relation: Supports,
      evidence: [],
      note: "It's \"hers\"\\ and\nmore",
    ),
  ],
)
"#;
    assert_eq!(canonical(&doc), want);
}

fn ev(source: &str, quote: &str) -> Evidence {
    Evidence::new(source, quote)
}

// Generators of whole documents: every field, present or absent, with any text.

/// Any text at all: quotes, backslashes, newlines, controls, `'`, any script.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z '\"\\\\\n\t#()\\[\\],:]{0,12}",
        Just(String::new()),
    ]
}

fn dated() -> impl Strategy<Value = Dated> {
    let date = (
        1000i32..=9999,
        proptest::option::of((1u8..=12, proptest::option::of(1u8..=28))),
    )
        .prop_map(|(year, md)| PartialDate {
            year,
            month: md.map(|(m, _)| m),
            day: md.and_then(|(_, d)| d),
        });
    let basis = prop_oneof![Just(Basis::Stated), text().prop_map(Basis::Inferred)];
    (date, basis).prop_map(|(date, basis)| Dated { date, basis })
}

fn evidence() -> impl Strategy<Value = Evidence> {
    (text(), text(), any::<bool>(), any::<bool>()).prop_map(|(source, quote, own, expected)| {
        let voice = if own { Voice::Own } else { Voice::Reported };
        let modality = if expected {
            Modality::Expected
        } else {
            Modality::Stated
        };
        Evidence::new(source, quote).with(voice, modality)
    })
}

fn attrs() -> impl Strategy<Value = BTreeMap<String, String>> {
    proptest::collection::btree_map(text(), text(), 0..3)
}

fn source() -> impl Strategy<Value = Source> {
    (
        (text(), text(), proptest::option::of(text())),
        proptest::collection::vec(text(), 0..3),
        proptest::option::of(dated()),
        (
            text(),
            proptest::option::of(text()),
            proptest::option::of(text()),
        ),
    )
        .prop_map(
            |((id, title, outlet), authors, date, (file, note, node))| Source {
                id,
                title,
                outlet,
                authors,
                date,
                file,
                note,
                node,
            },
        )
}

const SUB_KINDS: [SubKind; 5] = [
    SubKind::Politician,
    SubKind::ThinkTank,
    SubKind::Report,
    SubKind::Idea,
    SubKind::LeadershipElection,
];

fn node() -> impl Strategy<Value = Node> {
    let role =
        (text(), proptest::option::of(dated()), evidence()).prop_map(|(title, when, evidence)| {
            Role {
                title,
                when,
                evidence,
            }
        });
    let claim = (text(), dated(), proptest::option::of(dated()), evidence()).prop_map(
        |(faction, d, when, evidence)| FactionClaim {
            faction,
            basis: d.basis,
            when,
            evidence,
        },
    );
    let position = proptest::option::of((-1e6f32..1e6, -1e6f32..1e6).prop_map(|(x, y)| [x, y]));
    (
        (
            text(),
            text(),
            0..Kind::ALL.len(),
            proptest::option::of(0..SUB_KINDS.len()),
        ),
        (proptest::collection::vec(text(), 0..3), text()),
        (
            proptest::collection::vec(role, 0..3),
            proptest::collection::vec(claim, 0..3),
        ),
        (
            proptest::option::of(dated()),
            proptest::collection::vec(evidence(), 0..3),
        ),
        (attrs(), position),
    )
        .prop_map(
            |(
                (id, label, kind, sub),
                (aliases, description),
                (roles, factions),
                (date, evidence),
                (attrs, pos),
            )| Node {
                id,
                label,
                kind: Kind::ALL[kind],
                sub_kind: sub.map(|s| SUB_KINDS[s]),
                aliases,
                description,
                roles,
                factions,
                date,
                evidence,
                attrs,
                pos,
            },
        )
}

fn edge() -> impl Strategy<Value = Edge> {
    (
        (text(), text(), 0..Relation::ALL.len()),
        proptest::option::of(dated()),
        proptest::collection::vec(evidence(), 0..3),
        (proptest::option::of(text()), attrs()),
    )
        .prop_map(|((from, to, r), date, evidence, (note, attrs))| Edge {
            from,
            to,
            relation: Relation::ALL[r],
            date,
            evidence,
            note,
            attrs,
        })
}

fn document() -> impl Strategy<Value = Document> {
    (
        (0u32..3, text()),
        proptest::collection::vec(source(), 0..3),
        proptest::collection::vec(node(), 0..4),
        proptest::collection::vec(edge(), 0..4),
    )
        .prop_map(|((version, title), sources, nodes, edges)| Document {
            version,
            title,
            sources,
            nodes,
            edges,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Written, read and written again: the same bytes, and the same document (the
    /// writer loses nothing). Every field of a record sits on one line of its own.
    #[test]
    fn any_document_is_written_the_same_after_a_round_trip(doc in document()) {
        let first = canonical(&doc);
        let read = ron_format::parse_document(&first, "t.ron")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{first}")))?;
        prop_assert_eq!(&read, &doc);
        prop_assert_eq!(canonical(&read), first.clone());
        let fields = doc.sources.len() + doc.nodes.len() + doc.edges.len();
        prop_assert!(first.lines().count() >= 5 + fields, "{}", first);
    }

}

proptest! {
    // Each case writes `graph.ron` twice: fewer cases cover the five kinds of change.
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// One record changed in `graph.ron`: every line that differs lies inside that
    /// record's lines, before and after.
    #[test]
    fn a_change_to_one_record_changes_only_its_lines(which in any::<prop::sample::Index>(), how in 0..5u8) {
        let before_doc = bundled_doc();
        let mut doc = before_doc.clone();
        let (kind, at) = change(&mut doc, which, how);
        let before = canonical(&before_doc);
        let after = canonical(&doc);
        prop_assert_ne!(&before, &after);
        let old_span = span_lines(&before, kind, at);
        let new_span = span_lines(&after, kind, at);
        let (old_changed, new_changed) = changed_lines(&before, &after);
        prop_assert!(contains(old_span, old_changed), "old {:?} outside {:?}", old_changed, old_span);
        prop_assert!(contains(new_span, new_changed), "new {:?} outside {:?}", new_changed, new_span);
    }
}

/// Which list a changed record is in.
#[derive(Clone, Copy, Debug)]
enum Record {
    Node,
    Edge,
}

/// Changes one record of `doc`: a node's label, an edge's relation, a piece of evidence
/// added to an edge or a node, or a node's role removed.
fn change(doc: &mut Document, which: prop::sample::Index, how: u8) -> (Record, usize) {
    match how {
        0 => {
            let at = which.index(doc.nodes.len());
            doc.nodes[at].label.push_str(" (renamed)");
            (Record::Node, at)
        }
        1 => {
            let at = which.index(doc.edges.len());
            let e = &mut doc.edges[at];
            e.relation = Relation::ALL
                .into_iter()
                .find(|&r| r != e.relation)
                .expect("another relation");
            (Record::Edge, at)
        }
        2 => {
            let at = which.index(doc.edges.len());
            doc.edges[at].evidence.push(ev("s", "a new quote"));
            (Record::Edge, at)
        }
        3 => {
            let at = which.index(doc.nodes.len());
            doc.nodes[at].evidence.insert(0, ev("s", "said first"));
            (Record::Node, at)
        }
        _ => {
            let with_roles: Vec<usize> = (0..doc.nodes.len())
                .filter(|&i| !doc.nodes[i].roles.is_empty())
                .collect();
            let at = with_roles[which.index(with_roles.len())];
            doc.nodes[at].roles.remove(0);
            (Record::Node, at)
        }
    }
}

/// The 0-based lines (first, last) of a record in `text`.
fn span_lines(text: &str, kind: Record, at: usize) -> Lines {
    let spans = ron_format::record_spans(text);
    let list = match kind {
        Record::Node => &spans.nodes,
        Record::Edge => &spans.edges,
    };
    let (start, end) = list[at];
    let line = |off: usize| text[..off].matches('\n').count();
    (line(start), line(end))
}

/// A run of lines: the first and the last, 0-based.
type Lines = (usize, usize);

/// The lines (first, last, 0-based) that differ between `a` and `b`, in each: what is
/// left between their common first and last lines. `None` where a side has no changed
/// line (lines only added, or only removed).
fn changed_lines(a: &str, b: &str) -> (Option<Lines>, Option<Lines>) {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let most = a.len().min(b.len()) - head;
    let tail = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(most)
        .take_while(|(x, y)| x == y)
        .count();
    let region = |len: usize| (len - tail > head).then(|| (head, len - tail - 1));
    (region(a.len()), region(b.len()))
}

fn contains(span: Lines, changed: Option<Lines>) -> bool {
    changed.is_none_or(|(first, last)| span.0 <= first && last <= span.1)
}

#[test]
fn the_diff_check_sees_a_change_outside_the_record() {
    // The property above must be able to fail: a change to the next record is outside.
    let mut doc = bundled_doc();
    doc.nodes[1].label.push('!');
    let (before, after) = (canonical(&bundled_doc()), canonical(&doc));
    let (old, _) = changed_lines(&before, &after);
    assert!(old.is_some());
    assert!(!contains(span_lines(&before, Record::Node, 0), old));
    assert!(contains(span_lines(&before, Record::Node, 1), old));
}

#[test]
fn a_graph_built_in_memory_is_written_canonically_through_save() {
    // The writer is the one `save` uses: what it writes reads back and writes the same.
    let mut doc = bundled_doc();
    doc.nodes.truncate(3);
    doc.edges.clear();
    let kg = KnowledgeGraph::from_document(doc.clone());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("g.ron");
    save::save_graph(&path, &kg).expect("saves");
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text, canonical(&doc));
}
