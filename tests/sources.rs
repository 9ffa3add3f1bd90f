//! Finding quotes in source texts (`io::sources`): a property test of the map from the
//! folded text back to the text as written, and every quote of the bundled graph placed
//! in the real source texts when they are beside the repository.

use std::path::Path;

use ideagraph::io::quotes::normalize;
use ideagraph::io::sources::{SourceDirs, keyword_in_context, locate, read_source_text};
use proptest::prelude::*;

/// Characters that fold (curly quotes, dashes, an ellipsis, whitespace of all kinds),
/// multi-byte letters, and plain ones.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "b", "c", "é", "ß", "中", " ", "  ", "\n", "\t", "\u{a0}", "\u{2019}", "'",
        "\u{201c}", "\u{201d}", "\"", "\u{2013}", "\u{2014}", "-", "\u{2026}", ".", ",",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    /// Any stretch of a text, as the graph would quote it (folded or not), is found: the
    /// range is on character boundaries, covers the quote once folded, and starts no
    /// later than the stretch (the first occurrence is taken).
    #[test]
    fn any_stretch_is_found_where_it_folds_to_the_quote(
        text in tricky_text(),
        a in 0usize..80,
        len in 0usize..40,
        fold_quote in any::<bool>(),
    ) {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let start = bounds[a % bounds.len()];
        let end = bounds[(a + len).min(bounds.len() - 1)].max(start);
        let stretch = &text[start..end];
        let quote = if fold_quote { normalize(stretch) } else { stretch.to_owned() };
        let folded = normalize(&quote);
        match locate(&text, &quote) {
            None => prop_assert!(folded.is_empty(), "{quote:?} not found in {text:?}"),
            Some(r) => {
                let found = text.get(r.clone());
                prop_assert!(found.is_some(), "{r:?} is not on character boundaries");
                let found = normalize(found.unwrap_or_default());
                prop_assert!(found.contains(&folded), "{found:?} does not cover {folded:?}");
                prop_assert!(r.start <= end, "{r:?} starts after the stretch {start}..{end}");
            }
        }
    }

    /// A line in context never panics and always holds its passage.
    #[test]
    fn keyword_in_context_holds_the_passage(text in tricky_text(), a in 0usize..80, len in 0usize..40) {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let start = bounds[a % bounds.len()];
        let end = bounds[(a + len).min(bounds.len() - 1)].max(start);
        let k = keyword_in_context(&text, start..end, 3);
        prop_assert!(k.is_some());
        let k = k.unwrap_or_default();
        let words: Vec<&str> = text[start..end].split_whitespace().collect();
        prop_assert_eq!(k.passage, words.join(" "));
    }
}

/// The real source texts sit beside the repository (`../shared/seeds`) on machines that
/// have them; they are third-party journalism and never copied into it.
fn seeds() -> Option<&'static Path> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()?
        .join("shared")
        .join("seeds");
    dir.is_dir().then(|| &*Box::leak(dir.into_boxed_path()))
}

#[test]
fn every_quote_of_the_bundled_graph_is_placed_in_its_source_text() {
    let Some(dir) = seeds() else {
        println!("skipped: no source texts beside the repository (../shared/seeds)");
        return;
    };
    let kg = ideagraph::bundled::bundled_graph().expect("bundled graph");
    let dirs = SourceDirs::new(Some(dir.to_path_buf()), None, None);
    let doc = kg.to_document();
    let mut placed = 0;
    for (backs, ev) in ideagraph::io::quotes::all_evidence(&doc) {
        let source = kg.source(&ev.source).expect("a known source");
        let (_, text) = read_source_text(&dirs, &source.file).expect("the text is there");
        let range = locate(&text, &ev.quote);
        assert!(range.is_some(), "{}: {:?}", backs.describe(), ev.quote);
        placed += 1;
    }
    assert!(placed > 800, "{placed} quotes");
}

#[test]
fn the_window_refuses_a_sources_flag_that_is_not_a_folder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let missing = tmp.path().join("no-such-folder");
    assert_cmd::Command::cargo_bin("ideagraph")
        .expect("the binary")
        .arg("--sources")
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--sources: not a folder"));
}
