//! DOT for Graphviz (export only).
//!
//! Every id and label is a quoted string with `"` and `\` escaped and line breaks
//! written as `\n`, so any label survives. Drawn labels (a node's, the graph's title)
//! are shortened as in pictures ([`drawn_label`]); the tooltip keeps the whole label
//! when the node has no description. Nodes get a shape and fill per kind, close
//! to the canvas (person ellipse, organisation rounded box, publication `note`,
//! concept diamond, event hexagon); edges are labelled with their relation and
//! coloured, dashed or dotted by its tone. A node with a saved position gets
//! `pos="x,y"` in points, y-up: `neato -n2` keeps that layout, `dot` lays out afresh.
//! Tooltips carry descriptions and the first quote of an edge's evidence, which
//! Graphviz keeps in SVG output. The bibliography is in the header comments and the
//! graph's `comment` attribute.

use std::io::Write;

use super::image::{drawn_label, kind_colour, tone_style};
use super::interchange;
use crate::model::{Edge, Kind, KnowledgeGraph, Node, Tone};
use crate::query::filter::Part;

/// Quotes a string for DOT: `"`, `\` and line breaks escaped; characters Graphviz
/// cannot carry (other control characters) replaced by U+FFFD.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment line's text: no line breaks, so it cannot end the comment early.
fn comment_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn shape(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Person => ("ellipse", "filled"),
        Kind::Organisation => ("box", "filled,rounded"),
        Kind::Publication => ("note", "filled"),
        Kind::Concept => ("diamond", "filled"),
        Kind::Event => ("hexagon", "filled"),
    }
}

fn line_style(tone: Tone) -> &'static str {
    match tone_style(tone).dash {
        None => "solid",
        Some((d, _)) if d <= 2.0 => "dotted",
        Some(_) => "dashed",
    }
}

/// Serialises a graph as a DOT `digraph`: what [`write_to`] writes.
pub fn to_string(kg: &KnowledgeGraph) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and every piece written is UTF-8.
    let _ = write_to(kg, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes a graph as a DOT `digraph`, one node or edge at a time: the text was held
/// whole before (hundreds of megabytes for a million nodes).
///
/// # Errors
/// The writer's.
pub fn write_to(kg: &KnowledgeGraph, w: &mut dyn Write) -> std::io::Result<()> {
    write_part(&Part::graph(kg), w)
}

/// Writes part of a graph as [`write_to`] writes a graph: for a view, the text
/// [`write_to`] writes of [`crate::query::View::subgraph`]'s copy, read in place.
///
/// # Errors
/// The writer's.
pub fn write_part(part: &Part<'_>, w: &mut dyn Write) -> std::io::Result<()> {
    write_head(part, w)?;
    for (_, n) in part.nodes() {
        write_node(n, w)?;
    }
    for (_, e) in part.edges() {
        write_edge(e, w)?;
    }
    w.write_all(b"}\n")
}

/// The comments (title, counts, bibliography), the `digraph` line and the defaults.
fn write_head(part: &Part<'_>, w: &mut dyn Write) -> std::io::Result<()> {
    let title = if part.title().is_empty() {
        "ideagraph"
    } else {
        part.title()
    };
    writeln!(
        w,
        "// {}: {} nodes, {} edges, exported by ideagraph.",
        comment_line(title),
        part.num_nodes(),
        part.num_edges()
    )?;
    w.write_all(b"// Render with `dot -Tsvg`, or `neato -n2 -Tsvg` to keep saved positions.\n")?;
    w.write_all(b"// Sources cited:\n")?;
    let bib = interchange::bibliography(part.sources());
    for line in bib.lines() {
        writeln!(w, "//   {}", comment_line(line))?;
    }
    writeln!(w, "digraph {} {{", quote(title))?;
    let label = if part.title().is_empty() {
        String::new()
    } else {
        format!(
            "label={}, labelloc=t, fontsize=16, ",
            quote(&drawn_label(part.title()))
        )
    };
    writeln!(
        w,
        "  graph [{label}fontname=\"DejaVu Sans\", bgcolor=\"#fafaf7\", overlap=false, comment={}];",
        quote(&format!("Sources cited:\n{bib}"))
    )?;
    w.write_all(
        b"  node [style=filled, fontname=\"DejaVu Sans\", fontsize=10, fontcolor=\"#222222\", color=\"#ffffff\", penwidth=1];\n",
    )?;
    w.write_all(b"  edge [fontname=\"DejaVu Sans\", fontsize=8, arrowsize=0.6];\n")
}

fn write_node(n: &Node, w: &mut dyn Write) -> std::io::Result<()> {
    let (shape, style) = shape(n.kind);
    write!(
        w,
        "  {} [label={}, shape={shape}, style={}, fillcolor=\"{}\", class={}",
        quote(&n.id),
        quote(&drawn_label(&n.label)),
        quote(style),
        kind_colour(n.kind).hex(),
        quote(n.kind.name())
    )?;
    let tip = if n.description.is_empty() {
        format!("{} ({})", n.label, n.kind.name())
    } else {
        n.description.clone()
    };
    write!(w, ", tooltip={}", quote(&tip))?;
    if let Some([x, y]) = n.pos {
        write!(
            w,
            ", pos=\"{},{}\"",
            interchange::fmt_coord(x),
            interchange::fmt_coord(-y)
        )?;
    }
    w.write_all(b"];\n")
}

fn write_edge(e: &Edge, w: &mut dyn Write) -> std::io::Result<()> {
    let tone = e.relation.tone();
    let st = tone_style(tone);
    let colour = st.colour.hex();
    write!(
        w,
        "  {} -> {} [label={}, color=\"{colour}\", fontcolor=\"{colour}\", style={}, penwidth={}, class={}",
        quote(&e.from),
        quote(&e.to),
        quote(e.relation.forward_label()),
        line_style(tone),
        st.width,
        quote(e.relation.name())
    )?;
    if let Some(ev) = e.evidence.first() {
        write!(
            w,
            ", tooltip={}",
            quote(&format!("\u{201c}{}\u{201d} [{}]", ev.quote, ev.source))
        )?;
    }
    w.write_all(b"];\n")
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::model::{Document, Evidence, Relation};

    /// The text as the writer made it before it streamed: the whole string at once.
    fn held_whole(kg: &KnowledgeGraph) -> String {
        let mut s = String::new();
        let title = if kg.title.is_empty() {
            "ideagraph"
        } else {
            kg.title.as_str()
        };
        let _ = writeln!(
            s,
            "// {}: {} nodes, {} edges, exported by ideagraph.",
            comment_line(title),
            kg.num_nodes(),
            kg.num_edges()
        );
        s.push_str("// Render with `dot -Tsvg`, or `neato -n2 -Tsvg` to keep saved positions.\n");
        s.push_str("// Sources cited:\n");
        let bib = interchange::bibliography(&kg.sources);
        for line in bib.lines() {
            let _ = writeln!(s, "//   {}", comment_line(line));
        }
        let _ = writeln!(s, "digraph {} {{", quote(title));
        let label = if kg.title.is_empty() {
            String::new()
        } else {
            format!(
                "label={}, labelloc=t, fontsize=16, ",
                quote(&drawn_label(&kg.title))
            )
        };
        let _ = writeln!(
            s,
            "  graph [{label}fontname=\"DejaVu Sans\", bgcolor=\"#fafaf7\", overlap=false, comment={}];",
            quote(&format!("Sources cited:\n{bib}"))
        );
        s.push_str(
            "  node [style=filled, fontname=\"DejaVu Sans\", fontsize=10, fontcolor=\"#222222\", color=\"#ffffff\", penwidth=1];\n",
        );
        s.push_str("  edge [fontname=\"DejaVu Sans\", fontsize=8, arrowsize=0.6];\n");
        for n in kg.graph().node_weights() {
            let (shape, style) = shape(n.kind);
            let mut attrs = vec![
                format!("label={}", quote(&drawn_label(&n.label))),
                format!("shape={shape}"),
                format!("style={}", quote(style)),
                format!("fillcolor=\"{}\"", kind_colour(n.kind).hex()),
                format!("class={}", quote(n.kind.name())),
            ];
            let tip = if n.description.is_empty() {
                format!("{} ({})", n.label, n.kind.name())
            } else {
                n.description.clone()
            };
            attrs.push(format!("tooltip={}", quote(&tip)));
            if let Some([x, y]) = n.pos {
                attrs.push(format!(
                    "pos=\"{},{}\"",
                    interchange::fmt_coord(x),
                    interchange::fmt_coord(-y)
                ));
            }
            let _ = writeln!(s, "  {} [{}];", quote(&n.id), attrs.join(", "));
        }
        for e in kg.graph().edge_weights() {
            let st = tone_style(e.relation.tone());
            let colour = st.colour.hex();
            let mut attrs = vec![
                format!("label={}", quote(e.relation.forward_label())),
                format!("color=\"{colour}\""),
                format!("fontcolor=\"{colour}\""),
                format!("style={}", line_style(e.relation.tone())),
                format!("penwidth={}", st.width),
                format!("class={}", quote(e.relation.name())),
            ];
            if let Some(ev) = e.evidence.first() {
                attrs.push(format!(
                    "tooltip={}",
                    quote(&format!("\u{201c}{}\u{201d} [{}]", ev.quote, ev.source))
                ));
            }
            let _ = writeln!(
                s,
                "  {} -> {} [{}];",
                quote(&e.from),
                quote(&e.to),
                attrs.join(", ")
            );
        }
        s.push_str("}\n");
        s
    }

    /// Streaming writes the very text the whole string held: the bundled graph (title,
    /// sources, descriptions, quotes) and awkward records with positions.
    #[test]
    fn streaming_writes_what_the_whole_string_held() {
        // Read from the source tree: `bundled` sits above `io`.
        let path = crate::io::export::bundled_source_path();
        let kg = crate::io::load_graph_file(&path).expect("graph.ron loads");
        assert_eq!(to_string(&kg), held_whole(&kg));
        let mut d = Document::default();
        let mut a = Node::new("a \"1\"", "A\nline", Kind::Event);
        a.pos = Some([1.5, -2.25]);
        a.description = "tip \\ here".into();
        d.nodes.push(a);
        d.nodes.push(Node::new("b", "B", Kind::Organisation));
        let mut e = Edge::new("a \"1\"", "b", Relation::Supports);
        e.evidence.push(Evidence::new("s", "said \"so\""));
        d.edges.push(e);
        d.edges.push(Edge::new("b", "b", Relation::Criticises));
        for kg in [KnowledgeGraph::from_document(d), KnowledgeGraph::default()] {
            assert_eq!(to_string(&kg), held_whole(&kg));
        }
    }

    #[test]
    fn quotes_awkward_strings() {
        assert_eq!(quote("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
        assert_eq!(quote("x\u{1}"), "\"x\u{FFFD}\"");
    }

    #[test]
    fn writes_shapes_and_styles() {
        let mut d = Document::default();
        d.nodes.push(Node::new("a", "A", Kind::Publication));
        d.nodes.push(Node::new("b", "B", Kind::Concept));
        d.edges.push(Edge::new("a", "b", Relation::Opposes));
        let text = to_string(&KnowledgeGraph::from_document(d));
        assert!(text.contains("\"a\" [label=\"A\", shape=note"), "{text}");
        assert!(
            text.contains("\"a\" -> \"b\" [label=\"Opposes\", color=\"#c8373a\""),
            "{text}"
        );
        assert!(text.contains("style=dashed"), "{text}");
    }

    #[test]
    fn long_labels_are_shortened_but_kept_in_the_tooltip() {
        let long = "y".repeat(crate::limits::MAX_DRAWN_LABEL_CHARS * 10);
        let mut d = Document::default();
        d.nodes.push(Node::new("a", long.as_str(), Kind::Person));
        let text = to_string(&KnowledgeGraph::from_document(d));
        assert!(text.contains("y\u{2026}\", shape="), "{text}");
        assert!(
            text.contains(&format!("tooltip=\"{long} (person)\"")),
            "{text}"
        );
    }
}
