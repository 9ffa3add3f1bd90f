//! Saved views as files: a [`SavedView`] is a small named RON document, written
//! atomically and read with errors placed at line and column. The type itself lives in
//! [`crate::query::saved`], which does no file IO.

use std::path::Path;

use ron::extensions::Extensions;

use super::{IoError, read_text, write_atomic};
use crate::query::SavedView;

/// Pretty RON text of `view`.
///
/// # Errors
/// [`IoError::Encode`] if RON cannot express the view (a non-finite pinned position).
pub fn view_to_ron(view: &SavedView) -> Result<String, IoError> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .extensions(Extensions::IMPLICIT_SOME);
    ron::ser::to_string_pretty(view, config)
        .map(|s| s + "\n")
        .map_err(|e| IoError::Encode {
            message: e.to_string(),
            path: "view".into(),
        })
}

/// Parses a view from RON `text` read from `path` (only used in messages).
///
/// # Errors
/// [`IoError::Parse`] with line and column.
pub fn view_from_ron(text: &str, path: &str) -> Result<SavedView, IoError> {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|e| {
            IoError::parse_at(
                e.code.to_string(),
                path,
                text,
                e.span.start.line.max(1),
                e.span.start.col.max(1),
            )
        })
}

/// Reads a view file.
///
/// # Errors
/// As [`read_text`] and [`view_from_ron`].
pub fn load_view(path: &Path) -> Result<SavedView, IoError> {
    view_from_ron(&read_text(path)?, &path.display().to_string())
}

/// Writes a view file atomically.
///
/// # Errors
/// As [`view_to_ron`] and [`write_atomic`].
pub fn save_view(view: &SavedView, path: &Path) -> Result<(), IoError> {
    write_atomic(path, view_to_ron(view)?.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Relation};
    use crate::query::ColourMode;
    use crate::query::metrics::Metric;

    #[test]
    fn round_trips_through_a_file() {
        let mut v = SavedView {
            name: "Blairites, 2008".into(),
            ..Default::default()
        };
        v.spec.hide_excluded = true;
        v.spec.filter.kinds.insert(Kind::Person);
        v.spec.filter.relations.insert(Relation::Wrote);
        v.spec.filter.factions.insert("Blairite".into());
        v.spec.filter.years = Some((2008, 2008));
        v.spec.filter.focus = Some("alan-milburn".into());
        v.spec.filter.depth = 2;
        v.spec.colour_by = ColourMode::Community;
        v.spec.size_by = Some(Metric::PageRank);
        v.pinned.insert("alan-milburn".into(), [1.5, -2.0]);
        v.spec.compare = Some(((2007, 2009), (2014, 2016)));
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("v.ron");
        save_view(&v, &p).expect("save");
        assert_eq!(load_view(&p).expect("load"), v);
    }

    #[test]
    fn the_file_keeps_its_shape() {
        let mut v = SavedView::default();
        v.spec.filter.years = Some((2015, 2015));
        let text = view_to_ron(&v).expect("ron");
        assert!(text.contains("\nSavedView(\n"), "{text}");
        assert!(text.contains("hide_excluded: false"), "{text}");
        let old = "SavedView(name: \"x\", filter: (years: Some((2015, 2015))), compare: Some(((2008, 2009), (2015, 2016))))";
        let back = view_from_ron(old, "v.ron").expect("an old file opens");
        assert_eq!(back.spec.filter.years, Some((2015, 2015)));
        assert_eq!(back.spec.compare, Some(((2008, 2009), (2015, 2016))));
        assert!(
            !back.spec.hide_excluded,
            "a file without it fades, as always"
        );
    }

    #[test]
    fn positions_round_trip_and_old_files_have_none() {
        let mut v = SavedView::default();
        let text = view_to_ron(&v).expect("ron");
        assert!(
            !text.contains("positions"),
            "no positions, the old shape: {text}"
        );
        v.positions.insert("alan-milburn".into(), [1.5, -2.0]);
        v.positions.insert("progress".into(), [-300.25, 12.0]);
        v.pinned.insert("progress".into(), [-300.25, 12.0]);
        let text = view_to_ron(&v).expect("ron");
        assert!(text.contains("positions:"), "{text}");
        assert_eq!(view_from_ron(&text, "v.ron").expect("read"), v);
        let old = "SavedView(name: \"x\", pinned: {\"progress\": (1.0, 2.0)})";
        let back = view_from_ron(old, "v.ron").expect("an old file opens");
        assert!(back.positions.is_empty());
        assert_eq!(back.pinned.get("progress"), Some(&[1.0, 2.0]));
    }

    /// Nodes hidden, kept or added by hand are saved by id and come back; a view
    /// with none keeps the older shape, and files from before them open with none.
    #[test]
    fn nodes_chosen_by_hand_round_trip_and_old_files_have_none() {
        let mut v = SavedView::default();
        assert!(!view_to_ron(&v).expect("ron").contains("by_hand"));
        v.spec.by_hand.hide(["alan-milburn".to_owned()]);
        v.spec
            .by_hand
            .show_only(["progress".to_owned(), "localism".to_owned()]);
        v.spec.by_hand.add(["jon-cruddas".to_owned()]);
        let text = view_to_ron(&v).expect("ron");
        assert!(text.contains("by_hand:"), "{text}");
        assert!(text.contains("\"alan-milburn\""), "kept by id: {text}");
        assert_eq!(view_from_ron(&text, "v.ron").expect("read"), v);
        let old =
            "SavedView(name: \"x\", filter: (years: Some((2015, 2015))), hide_excluded: true)";
        let back = view_from_ron(old, "v.ron").expect("an old file opens");
        assert!(back.spec.by_hand.is_empty());
        let partial = "SavedView(by_hand: (hidden: [\"a\"]))";
        let back = view_from_ron(partial, "v.ron").expect("one set alone");
        assert!(back.spec.by_hand.hides("a") && back.spec.by_hand.only.is_none());
        let typo = "SavedView(by_hand: (hiden: [\"a\"]))";
        assert!(
            view_from_ron(typo, "v.ron").is_err(),
            "a misspelt set is refused"
        );
    }

    #[test]
    fn bad_view_is_placed() {
        let err = view_from_ron("(\n  name: 3,\n)", "v.ron").expect_err("bad");
        assert!(err.to_string().contains("v.ron:2:"), "{err}");
    }
}
