//! One entry point for every export format: [`export_to`] writes a graph (already the
//! selected subgraph, see [`crate::query::View::subgraph`]) in an [`ExportFormat`].
//!
//! Writes are atomic, all files of an export together ([`super::atomic::write_atomic_set`]),
//! and no export ever overwrites a protected file ([`ExportOptions::protect`]: the CLI
//! and the app pass the file the open graph was read from). Protection covers every
//! file that graph was read from (a CSV file's partners too, see [`input_files`]) and
//! every file the export writes, and compares files, not names (device and inode on
//! Unix), so a symlink, a hard link or another spelling of a path is caught.
//!
//! What is written where:
//! - RON, JSON, GraphML, GEXF, DOT and SVG: one file, or standard output when `out`
//!   is `None` or `-`;
//! - CSV: three files (nodes, edges, sources), named as [`super::csv_format::paths_for`]
//!   says; an output path is required;
//! - PNG: one file (an output path is required: binary data is not for a terminal);
//! - SVG and PNG written to a file also get a companion `<name>.sources.txt` with the
//!   bibliography, beside the image; written into a device or pipe they do not (the
//!   caption in the picture still cites every source).

use std::path::{Path, PathBuf};

use super::atomic::write_atomic_set;
use super::{IoError, csv_format, dot, gexf, graphml, image, json, ron_format, write_output};
use crate::model::KnowledgeGraph;
use crate::query::filter::Part;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// The native RON document, with every attribute and saved positions.
    Ron,
    /// JSON node-link (d3, networkx).
    Json,
    /// GraphML with typed keys (networkx, Gephi, Cytoscape, yEd).
    Graphml,
    /// GEXF 1.3 with viz positions, colours and sizes (Gephi).
    Gexf,
    /// DOT (Graphviz).
    Dot,
    /// CSV node, edge and source lists (spreadsheets, Gephi's data laboratory).
    Csv,
    /// An SVG picture with legend and caption.
    Svg,
    /// A PNG picture, the SVG rasterised.
    Png,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 8] = [
        ExportFormat::Ron,
        ExportFormat::Json,
        ExportFormat::Graphml,
        ExportFormat::Gexf,
        ExportFormat::Dot,
        ExportFormat::Csv,
        ExportFormat::Svg,
        ExportFormat::Png,
    ];

    /// A lower-case name, as the CLI spells it.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Ron => "ron",
            ExportFormat::Json => "json",
            ExportFormat::Graphml => "graphml",
            ExportFormat::Gexf => "gexf",
            ExportFormat::Dot => "dot",
            ExportFormat::Csv => "csv",
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
        }
    }

    /// The usual file extension (without the dot).
    pub fn extension(self) -> &'static str {
        self.name()
    }

    /// What the format is and who reads it, for the CLI's help and the export window.
    pub fn help(self) -> &'static str {
        match self {
            ExportFormat::Ron => "The native RON document: every attribute and the positions",
            ExportFormat::Json => "JSON node-link (d3, networkx)",
            ExportFormat::Graphml => "GraphML with typed keys (networkx, Gephi, Cytoscape, yEd)",
            ExportFormat::Gexf => "GEXF 1.3 with positions, colours and sizes (Gephi)",
            ExportFormat::Dot => "DOT (Graphviz)",
            ExportFormat::Csv => "CSV node, edge and source lists: three files",
            ExportFormat::Svg => "An SVG picture with a legend and a caption citing the sources",
            ExportFormat::Png => "A PNG picture: the SVG, rasterised",
        }
    }

    /// Whether ideagraph also opens files of this format (the window's Open, every
    /// command's FILE); pictures and DOT are written only.
    pub fn can_import(self) -> bool {
        !matches!(
            self,
            ExportFormat::Dot | ExportFormat::Svg | ExportFormat::Png
        )
    }

    /// The extensions of the formats ideagraph opens, in menu order.
    pub fn import_extensions() -> Vec<&'static str> {
        ExportFormat::ALL
            .into_iter()
            .filter(|f| f.can_import())
            .map(ExportFormat::extension)
            .collect()
    }

    /// The format a file extension names (any case; `gv` is DOT).
    pub fn from_extension(ext: &str) -> Option<ExportFormat> {
        let ext = ext.to_ascii_lowercase();
        if ext == "gv" {
            return Some(ExportFormat::Dot);
        }
        ExportFormat::ALL.into_iter().find(|f| f.extension() == ext)
    }

    /// The format a path's extension names.
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(ExportFormat::from_extension)
    }

    /// True for formats written as a single file that can go to standard output.
    pub fn can_stream(self) -> bool {
        !matches!(self, ExportFormat::Csv | ExportFormat::Png)
    }
}

/// Settings for [`export_to`].
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    /// PNG pixels per SVG unit ([`image::MIN_PNG_SCALE`] to [`image::MAX_SCALE`]; 2 suits
    /// slides).
    pub scale: f32,
    /// Files an export must never overwrite: the file the open graph was read from and
    /// any saved view it applied (each is widened to its whole set by [`input_files`]).
    pub protect: Vec<PathBuf>,
    /// How SVG and PNG draw the graph: a view's colours, sizes, faded nodes, legend
    /// and caption ([`image::Look::new`]); none draws it plainly (kind colours, sizes by
    /// connections). Other formats ignore it.
    pub look: Option<image::Look>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            scale: 2.0,
            protect: Vec::new(),
            look: None,
        }
    }
}

/// Where the knowledge base bundled into the binary lives in the source tree; worth
/// protecting when exporting the bundled graph from a checkout.
pub fn bundled_source_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("graph.ron")
}

/// The bytes of a single-file export (every format but CSV).
///
/// # Errors
/// [`IoError::Encode`] if the format cannot express the graph (or for CSV, which is
/// several files: use [`export_to`]).
pub fn render(
    kg: &KnowledgeGraph,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<Vec<u8>, IoError> {
    render_part(&Part::graph(kg), format, opts)
}

/// The bytes of a single-file export of part of a graph, as [`render`] makes a graph's
/// (for a view, those of [`crate::query::View::subgraph`]'s copy).
///
/// # Errors
/// As [`render`].
pub fn render_part(
    part: &Part<'_>,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<Vec<u8>, IoError> {
    Ok(match format {
        ExportFormat::Json | ExportFormat::Graphml | ExportFormat::Dot => {
            let mut out = Vec::new();
            if let Some(mut write) = streamed(part, format) {
                write(&mut out).map_err(|e| IoError::Encode {
                    message: e.to_string(),
                    path: format.name().into(),
                })?;
            }
            out
        }
        ExportFormat::Ron => ron_format::to_string(&part.to_document())?.into_bytes(),
        ExportFormat::Gexf => gexf::part_to_string(part).into_bytes(),
        ExportFormat::Svg => match &opts.look {
            Some(look) => image::to_svg_with(&part.to_graph(), look).into_bytes(),
            None => image::to_svg(&part.to_graph()).into_bytes(),
        },
        ExportFormat::Png => match &opts.look {
            Some(look) => image::to_png_with(&part.to_graph(), look, opts.scale)?,
            None => image::to_png(&part.to_graph(), opts.scale)?,
        },
        ExportFormat::Csv => {
            return Err(IoError::Encode {
                message: "CSV is several files; export it to a path".into(),
                path: "CSV".into(),
            });
        }
    })
}

/// How a format too large to hold in memory is written as it is made, if it is: JSON,
/// GraphML and DOT (a 100,000-node graph's JSON value tree took a gigabyte, its GraphML
/// records 940 MB).
fn streamed<'p>(
    part: &'p Part<'_>,
    format: ExportFormat,
) -> Option<impl FnMut(&mut dyn std::io::Write) -> std::io::Result<()> + 'p> {
    let stream = matches!(
        format,
        ExportFormat::Json | ExportFormat::Graphml | ExportFormat::Dot
    );
    stream.then_some(move |w: &mut dyn std::io::Write| match format {
        ExportFormat::Json => json::write_part(part, w),
        ExportFormat::Dot => dot::write_part(part, w),
        _ => graphml::write_part(part, w).map_err(std::io::Error::other),
    })
}

/// Every file a graph opened from `path` may have been read from: the file itself,
/// and for a CSV file named as [`csv_format::paths_for`] writes, its partners (nodes,
/// edges and sources), which are read with it.
pub fn input_files(path: &Path) -> Vec<PathBuf> {
    let mut files = vec![path.to_path_buf()];
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv && let Some(set) = csv_format::partners(path) {
        files.extend([set.nodes, set.edges, set.sources]);
    }
    files
}

/// What makes two paths the same file: device and inode on Unix (hard links and
/// symlinks included), the canonical path elsewhere.
#[derive(Debug, PartialEq, Eq)]
struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

/// The identity of an existing file (following symlinks); `None` if there is none.
fn file_id(p: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(p).ok()?;
        Some(FileId((m.dev(), m.ino())))
    }
    #[cfg(not(unix))]
    {
        p.canonicalize().ok().map(FileId)
    }
}

/// Refuses to write `target` if it is any file of the protected ones' sets (see
/// [`input_files`]), by whatever name.
///
/// # Errors
/// [`IoError::Write`] naming the target.
pub fn check_not_protected(target: &Path, protect: &[PathBuf]) -> Result<(), IoError> {
    // A file that does not exist yet cannot be one that was read.
    let Some(t) = file_id(target) else {
        return Ok(());
    };
    if protect
        .iter()
        .flat_map(|p| input_files(p))
        .filter_map(|p| file_id(&p))
        .any(|p| p == t)
    {
        return Err(IoError::Write {
            path: target.display().to_string(),
            source: std::io::Error::other(
                "refusing to overwrite a file this command reads; choose another file",
            ),
        });
    }
    Ok(())
}

/// The companion bibliography beside an image: `slide.png` → `slide.sources.txt`.
pub fn companion_path(image: &Path) -> PathBuf {
    image.with_extension("sources.txt")
}

/// Whether `out` ends in a path separator, as `exports/` does.
fn names_a_folder(out: &Path) -> bool {
    out.as_os_str()
        .to_string_lossy()
        .ends_with(['/', std::path::MAIN_SEPARATOR])
}

fn is_stdout(out: Option<&Path>) -> bool {
    out.is_none_or(|p| p.as_os_str() == "-")
}

/// Writes `kg` in `format` to `out` (see the module docs) and returns the files
/// written, in order (empty when writing to standard output).
///
/// # Examples
///
/// ```
/// use ideagraph::bundled::bundled_graph;
/// use ideagraph::io::export::{ExportFormat, ExportOptions, export_to};
///
/// let kg = bundled_graph().expect("the bundled graph is valid");
/// let dir = tempfile::tempdir()?;
/// // CSV is three files, written all or nothing.
/// let written = export_to(
///     &kg,
///     ExportFormat::Csv,
///     Some(&dir.path().join("debate.csv")),
///     &ExportOptions::default(),
/// )?;
/// let names: Vec<_> = written.iter().filter_map(|p| p.file_name()).collect();
/// assert_eq!(names, ["debate.nodes.csv", "debate.edges.csv", "debate.sources.csv"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`IoError::Write`] for a path that cannot be written or is protected (nothing is
/// written then), [`IoError::Encode`] for CSV or PNG without a path, a bad PNG scale
/// or an image too large.
pub fn export_to(
    kg: &KnowledgeGraph,
    format: ExportFormat,
    out: Option<&Path>,
    opts: &ExportOptions,
) -> Result<Vec<PathBuf>, IoError> {
    export_part(&Part::graph(kg), format, out, opts)
}

/// Writes part of a graph as [`export_to`] writes a graph: for a view
/// ([`Part::of`]), what [`export_to`] writes of [`crate::query::View::subgraph`]'s copy,
/// read in place (only pictures, a RON document and a layout for GEXF copy it).
///
/// # Errors
/// As [`export_to`].
pub fn export_part(
    part: &Part<'_>,
    format: ExportFormat,
    out: Option<&Path>,
    opts: &ExportOptions,
) -> Result<Vec<PathBuf>, IoError> {
    let out = out.filter(|_| !is_stdout(out));
    let Some(out) = out else {
        if !format.can_stream() {
            return Err(IoError::Encode {
                message: format!("{} export needs an output path (-o FILE)", format.name()),
                path: "<stdout>".into(),
            });
        }
        if let Some(mut write) = streamed(part, format) {
            super::atomic::write_output_with(None, &mut write)?;
        } else {
            write_output(None, &render_part(part, format, opts)?)?;
        }
        return Ok(Vec::new());
    };
    if let Some(mut write) = streamed(part, format) {
        check_not_protected(out, &opts.protect)?;
        super::atomic::write_atomic_with(out, &mut write)?;
        return Ok(vec![out.to_path_buf()]);
    }
    let files = files_of(part, format, out, opts)?;
    for (p, _) in &files {
        check_not_protected(p, &opts.protect)?;
    }
    // Only once nothing is refused: a CSV export to `dir/` makes the folder.
    if format == ExportFormat::Csv && names_a_folder(out) && !out.exists() {
        std::fs::create_dir_all(out).map_err(|source| IoError::Write {
            path: out.display().to_string(),
            source,
        })?;
    }
    let set: Vec<(&Path, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_path(), b.as_slice()))
        .collect();
    write_atomic_set(&set)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// The files of an export that is not streamed, and their bytes.
fn files_of(
    part: &Part<'_>,
    format: ExportFormat,
    out: &Path,
    opts: &ExportOptions,
) -> Result<Vec<(PathBuf, Vec<u8>)>, IoError> {
    Ok(match format {
        ExportFormat::Csv => {
            let paths = csv_format::paths_for(out);
            vec![
                (paths.nodes, csv_format::part_nodes_csv(part)?.into_bytes()),
                (paths.edges, csv_format::part_edges_csv(part)?.into_bytes()),
                (
                    paths.sources,
                    csv_format::sources_table(part.sources())?.into_bytes(),
                ),
            ]
        }
        // A picture sent into a device or pipe has no folder beside it for its
        // bibliography (`/dev/null.sources.txt` would be a file in /dev).
        ExportFormat::Svg | ExportFormat::Png if super::atomic::is_stream(out) => {
            vec![(out.to_path_buf(), render_part(part, format, opts)?)]
        }
        ExportFormat::Svg | ExportFormat::Png => vec![
            (out.to_path_buf(), render_part(part, format, opts)?),
            (
                companion_path(out),
                image::sources_txt(&part.to_graph()).into_bytes(),
            ),
        ],
        _ => vec![(out.to_path_buf(), render_part(part, format, opts)?)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Kind, Node};

    fn kg() -> KnowledgeGraph {
        let mut d = Document::default();
        d.nodes.push(Node::new("a", "A", Kind::Person));
        KnowledgeGraph::from_document(d)
    }

    #[test]
    fn refuses_to_overwrite_protected_file_even_via_symlink() {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = dir.path().join("graph.ron");
        std::fs::write(&base, "keep").expect("write");
        let opts = ExportOptions {
            protect: vec![base.clone()],
            ..ExportOptions::default()
        };
        let err = export_to(&kg(), ExportFormat::Ron, Some(&base), &opts).expect_err("protected");
        assert!(err.to_string().contains("refusing"), "{err}");
        let dotted = dir.path().join(".").join("graph.ron");
        assert!(export_to(&kg(), ExportFormat::Json, Some(&dotted), &opts).is_err());
        #[cfg(unix)]
        {
            let link = dir.path().join("link.ron");
            std::os::unix::fs::symlink(&base, &link).expect("symlink");
            assert!(export_to(&kg(), ExportFormat::Ron, Some(&link), &opts).is_err());
        }
        assert_eq!(std::fs::read_to_string(&base).expect("read"), "keep");
        let other = dir.path().join("other.ron");
        assert_eq!(
            export_to(&kg(), ExportFormat::Ron, Some(&other), &opts).expect("ok"),
            vec![other]
        );
    }

    #[test]
    fn refuses_every_file_of_a_csv_input_and_hard_links_to_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("k.csv");
        export_to(
            &kg(),
            ExportFormat::Csv,
            Some(&out),
            &ExportOptions::default(),
        )
        .expect("csv");
        let opts = ExportOptions {
            protect: vec![dir.path().join("k.nodes.csv")],
            ..ExportOptions::default()
        };
        let edges = dir.path().join("k.edges.csv");
        let before = std::fs::read(&edges).expect("read");
        let err = export_to(&kg(), ExportFormat::Svg, Some(&edges), &opts).expect_err("input");
        assert!(err.to_string().contains("refusing"), "{err}");
        #[cfg(unix)]
        {
            let linked = dir.path().join("pic.svg");
            std::fs::hard_link(dir.path().join("k.sources.csv"), &linked).expect("link");
            assert!(export_to(&kg(), ExportFormat::Svg, Some(&linked), &opts).is_err());
        }
        assert_eq!(std::fs::read(&edges).expect("read"), before);
        assert!(!dir.path().join("k.edges.sources.txt").exists());
    }

    #[test]
    fn multi_file_formats_need_a_path_and_list_their_files() {
        assert!(export_to(&kg(), ExportFormat::Csv, None, &ExportOptions::default()).is_err());
        assert!(
            export_to(
                &kg(),
                ExportFormat::Png,
                Some(Path::new("-")),
                &ExportOptions::default()
            )
            .is_err()
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let files = export_to(
            &kg(),
            ExportFormat::Csv,
            Some(&dir.path().join("g.csv")),
            &ExportOptions::default(),
        )
        .expect("csv");
        let names: Vec<String> = files
            .iter()
            .filter_map(|p| Some(p.file_name()?.to_str()?.to_owned()))
            .collect();
        assert_eq!(names, ["g.nodes.csv", "g.edges.csv", "g.sources.csv"]);
        let files = export_to(
            &kg(),
            ExportFormat::Svg,
            Some(&dir.path().join("pic.svg")),
            &ExportOptions::default(),
        )
        .expect("svg");
        assert_eq!(
            files
                .get(1)
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str()),
            Some("pic.sources.txt")
        );
    }

    #[test]
    fn formats_parse_from_extensions() {
        for f in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_extension(f.extension()), Some(f));
        }
        assert_eq!(
            ExportFormat::from_path(Path::new("x.GV")),
            Some(ExportFormat::Dot)
        );
        assert_eq!(ExportFormat::from_path(Path::new("x.txt")), None);
    }
}
