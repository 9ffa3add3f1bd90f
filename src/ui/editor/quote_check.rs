//! Whether a quote in a form is in its source's text, decided as `ideagraph check
//! --sources` decides it (both folded by [`normalize`], then a plain search; the nearest
//! passage when it is not there). The texts are the reader's [`Library`], found, read
//! and folded off the UI thread, with the same folders as the reader (`--sources`, the
//! folder chosen in File > Sources folder…, `sources/` beside the graph): nothing here
//! reads a file.
//!
//! A form rebuilds its record every frame, so each verdict is kept per (source, quote)
//! string ([`QuoteCache`]) and worked out again only when the words, the source or the
//! text change: a frame pays a hash lookup, a changed quote one substring search in
//! the folded text (a tenth of a millisecond for a megabyte). The nearest passage walks
//! every word of the text (about 9 ms for a megabyte in an optimised build), so it is
//! found at once in a short text and on a background thread in a long one; the quote
//! is refused at once either way.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::io::quotes::{nearest_passage, normalize};
use crate::io::sources::{SourceDirs, SourceTextError};
use crate::model::{Evidence, KnowledgeGraph, cut_to};
use crate::ui::jobs::Job;
use crate::ui::reader::{FileIndex, Library};

/// Folded texts up to this many bytes have their nearest passage found in the frame
/// (a few milliseconds at most); longer ones on a background thread.
const SYNC_NEAREST_BYTES: usize = 256 * 1024;

/// Longest nearest passage shown, in characters.
const NEAREST_CHARS: usize = 200;

/// Most verdicts kept; past it the cache starts again (each is cheap to work out).
const MAX_KEPT: usize = 1024;

/// The source texts the editor checks quotes against this frame: the reader's.
#[derive(Clone, Copy, Debug)]
pub struct SourceTexts<'a> {
    /// The texts read and indexed, if any (perhaps for an older revision of the graph:
    /// a text does not change with the graph).
    pub library: Option<&'a Library>,
    /// Whether the texts are being read.
    pub indexing: bool,
    /// Where texts are looked for.
    pub dirs: &'a SourceDirs,
}

/// The nearest passage of a text to a quote not in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Nearest {
    /// Found: the words, cut to a line's worth.
    Passage(String),
    /// Being looked for on a background thread.
    Looking,
    /// Not to be had (no thread to look for it on).
    Unknown,
}

/// What is known of a quote in its source's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// In the text, or nothing to look for (an empty quote, an unknown source: other
    /// rules say so).
    Found,
    /// Not in the text: refused.
    Missing {
        /// The source's title.
        title: String,
        /// What the text has instead.
        nearest: Nearest,
    },
    /// The text is being read: the form waits for it before sending.
    Checking {
        /// The source's title.
        title: String,
    },
    /// The text cannot be had: allowed, as `check` without `--sources` allows it, with
    /// why it was not checked.
    NotChecked(String),
}

impl Verdict {
    /// Whether a form must not send the quote.
    pub(super) fn blocks(&self) -> bool {
        matches!(self, Verdict::Missing { .. } | Verdict::Checking { .. })
    }

    /// What the form shows beside the quote, if anything.
    pub(super) fn message(&self) -> Option<String> {
        match self {
            Verdict::Found => None,
            Verdict::Missing { title, nearest } => Some(match nearest {
                Nearest::Passage(p) => format!("Not in {title}: nearest passage \"{p}\""),
                Nearest::Looking => format!("Not in {title}: looking for the nearest passage…"),
                Nearest::Unknown => format!("Not in {title}."),
            }),
            Verdict::Checking { title } => {
                Some(format!("Checking the quote against the text of {title}…"))
            }
            Verdict::NotChecked(why) => Some(why.clone()),
        }
    }
}

/// Whether a quote was found in one text.
#[derive(Clone, Debug)]
struct Checked {
    /// The text it was looked for in: a verdict holds for that text only.
    index: Arc<FileIndex>,
    /// `None` when found; else the nearest passage.
    missing: Option<Nearest>,
}

/// A nearest passage to look for in a long text.
#[derive(Debug)]
struct Request {
    source: String,
    quote: String,
    index: Arc<FileIndex>,
}

/// The verdicts worked out for the open form, and the nearest passage being looked for.
#[derive(Debug, Default)]
pub(super) struct QuoteCache {
    /// By source id, then quote as written.
    checked: HashMap<String, HashMap<String, Checked>>,
    /// How many verdicts are kept.
    kept: usize,
    /// The nearest passage being looked for (one at a time, so typing in a long text
    /// never starts a thread a keystroke).
    looking: Option<(Request, Job<String>)>,
    /// The next one asked for, started when the one being looked for is found.
    queued: Option<Request>,
}

impl QuoteCache {
    /// Takes in a nearest passage found, and starts looking for the next one asked for;
    /// `wake` is asked to repaint when it is found.
    pub(super) fn poll(&mut self, wake: Option<&egui::Context>) {
        if let Some((req, mut job)) = self.looking.take() {
            let found = job.poll();
            if found.is_some() || !job.is_running() {
                let nearest = found.map_or(Nearest::Unknown, Nearest::Passage);
                if let Some(c) = self.entry(&req.source, &req.quote, &req.index) {
                    c.missing = Some(nearest);
                }
            } else {
                self.looking = Some((req, job));
            }
        }
        if self.looking.is_none()
            && let Some(req) = self.queued.take()
        {
            self.start(req, wake);
        }
    }

    /// The verdict kept for `quote` of `source` in this text, if any.
    fn entry(&mut self, source: &str, quote: &str, index: &Arc<FileIndex>) -> Option<&mut Checked> {
        let c = self.checked.get_mut(source)?.get_mut(quote)?;
        Arc::ptr_eq(&c.index, index).then_some(c)
    }

    /// Whether a nearest passage for this quote is being looked for or asked for.
    fn asked(&self, source: &str, quote: &str) -> bool {
        let is = |r: &Request| r.source == source && r.quote == quote;
        self.looking.as_ref().is_some_and(|(r, _)| is(r)) || self.queued.as_ref().is_some_and(is)
    }

    /// Starts looking for a nearest passage, or queues it behind the one being looked
    /// for (replacing any queued before: only the newest words matter).
    fn ask(&mut self, req: Request, wake: Option<&egui::Context>) {
        if self.looking.is_some() {
            self.queued = Some(req);
        } else {
            self.start(req, wake);
        }
    }

    fn start(&mut self, req: Request, wake: Option<&egui::Context>) {
        let index = Arc::clone(&req.index);
        let quote = normalize(&req.quote);
        let job = Job::spawn(wake.cloned(), move |cx| {
            cx.send(shortened(nearest_passage(index.folded.folded(), &quote)));
        });
        self.looking = Some((req, job));
    }

    /// Whether `quote` of `source` is in `index`'s text: kept, or worked out now (the
    /// nearest passage of a long text asked for in the background).
    fn missing(
        &mut self,
        source: &str,
        quote: &str,
        index: &Arc<FileIndex>,
        wake: Option<&egui::Context>,
    ) -> Option<Nearest> {
        if let Some(c) = self.entry(source, quote, index) {
            let missing = c.missing.clone();
            // Asked for once and superseded in the queue by newer words: ask again.
            if missing == Some(Nearest::Looking) && !self.asked(source, quote) {
                let req = Request {
                    source: source.to_owned(),
                    quote: quote.to_owned(),
                    index: Arc::clone(index),
                };
                self.ask(req, wake);
            }
            return missing;
        }
        let folded = index.folded.folded();
        let q = normalize(quote);
        let missing = if q.is_empty() || folded.contains(&q) {
            None
        } else if folded.len() <= SYNC_NEAREST_BYTES {
            Some(Nearest::Passage(shortened(nearest_passage(folded, &q))))
        } else {
            let req = Request {
                source: source.to_owned(),
                quote: quote.to_owned(),
                index: Arc::clone(index),
            };
            self.ask(req, wake);
            Some(Nearest::Looking)
        };
        self.keep(source, quote, index, missing.clone());
        missing
    }

    fn keep(
        &mut self,
        source: &str,
        quote: &str,
        index: &Arc<FileIndex>,
        missing: Option<Nearest>,
    ) {
        if self.kept >= MAX_KEPT {
            self.checked.clear();
            self.kept = 0;
        }
        let c = Checked {
            index: Arc::clone(index),
            missing,
        };
        let by_quote = self.checked.entry(source.to_owned()).or_default();
        if by_quote.insert(quote.to_owned(), c).is_none() {
            self.kept += 1;
        }
    }
}

/// A nearest passage cut to a line's worth.
fn shortened(passage: String) -> String {
    let (kept, more) = cut_to(&passage, NEAREST_CHARS);
    format!("{kept}{more}")
}

/// Where a source's text is, for this frame.
enum Text {
    /// Read and indexed.
    Read(Arc<FileIndex>),
    /// Being read.
    Reading,
    /// Not to be had, and why (the note the form shows).
    Unavailable(String),
}

/// Checks the quotes of one frame's form against the texts, keeping what it works out.
pub(super) struct QuoteCheck<'a> {
    texts: SourceTexts<'a>,
    cache: RefCell<&'a mut QuoteCache>,
    wake: Option<egui::Context>,
}

impl<'a> QuoteCheck<'a> {
    /// A check against `texts`, keeping verdicts in `cache`; `wake` is asked to repaint
    /// when a nearest passage is found in the background.
    pub(super) fn new(
        texts: SourceTexts<'a>,
        cache: &'a mut QuoteCache,
        wake: Option<egui::Context>,
    ) -> Self {
        Self {
            texts,
            cache: RefCell::new(cache),
            wake,
        }
    }

    /// Whether `ev`'s quote is in its source's text.
    pub(super) fn verdict(&self, kg: &KnowledgeGraph, ev: &Evidence) -> Verdict {
        if ev.quote.trim().is_empty() {
            return Verdict::Found;
        }
        let Some(source) = kg.source(&ev.source) else {
            return Verdict::Found;
        };
        let title = source.title.clone();
        let index = match self.text_of(&source.file) {
            Text::Read(index) => index,
            Text::Reading => return Verdict::Checking { title },
            Text::Unavailable(why) => return Verdict::NotChecked(why),
        };
        // Never re-entered (a verdict asks for no other); should it be, the answer is
        // worked out again rather than kept.
        let mut spare = QuoteCache::default();
        let mut kept = self.cache.try_borrow_mut();
        let cache: &mut QuoteCache = match &mut kept {
            Ok(c) => c,
            Err(_) => &mut spare,
        };
        match cache.missing(&ev.source, &ev.quote, &index, self.wake.as_ref()) {
            None => Verdict::Found,
            Some(nearest) => Verdict::Missing { title, nearest },
        }
    }

    /// The text of `file`, as the reader has it this frame.
    fn text_of(&self, file: &str) -> Text {
        if file.is_empty() {
            return Text::Unavailable(not_checked(&SourceTextError::NoFile));
        }
        if let Some(entry) = self.texts.library.and_then(|l| l.files.get(file)) {
            return match entry {
                Ok(index) => Text::Read(Arc::clone(index)),
                Err(why) => Text::Unavailable(not_checked(why)),
            };
        }
        if self.texts.dirs.folders().is_empty() {
            let why = SourceTextError::NoFolders { file: file.into() };
            return Text::Unavailable(not_checked(&why));
        }
        if self.texts.indexing {
            Text::Reading
        } else {
            Text::Unavailable("Not checked: the source texts have not been read.".to_owned())
        }
    }
}

/// Why a quote was not checked, as the form's note says it.
fn not_checked(why: &SourceTextError) -> String {
    match why {
        SourceTextError::Missing { file, looked_in } => {
            let dirs: Vec<String> = looked_in.iter().map(|d| d.display().to_string()).collect();
            format!("Not checked: {file} not found in {}", dirs.join(", "))
        }
        SourceTextError::NoFolders { file } => format!(
            "Not checked: {file} not found: there is no sources folder (give --sources DIR or choose File > Sources folder…)"
        ),
        SourceTextError::NoFile => "Not checked: this source names no file for its text.".into(),
        other => format!("Not checked: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::model::{Document, Source};

    /// A graph with one source, "notes", whose file is `notes.txt`.
    fn graph() -> KnowledgeGraph {
        let mut d = Document::default();
        d.sources.push(Source {
            node: None,
            id: "notes".into(),
            title: "Notes".into(),
            outlet: None,
            authors: vec![],
            date: None,
            file: "notes.txt".into(),
            note: None,
        });
        KnowledgeGraph::from_document(d)
    }

    fn ev(quote: &str) -> Evidence {
        Evidence::new("notes", quote)
    }

    /// The library of `kg` with `text` as `notes.txt` in a folder of its own.
    fn library(kg: &KnowledgeGraph, text: &str) -> (tempfile::TempDir, Library) {
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::write(tmp.path().join("notes.txt"), text).expect("write");
        let dirs = SourceDirs::new(Some(tmp.path().to_path_buf()), None, None);
        let lib = Library::build(kg, &dirs, None, &AtomicBool::new(false)).expect("built");
        (tmp, lib)
    }

    #[test]
    fn a_quote_is_found_as_check_finds_it_and_a_missing_one_gets_its_nearest_passage() {
        let kg = graph();
        let text = "Ada said it\u{2019}s time\nto act on localism now.";
        let (_tmp, lib) = library(&kg, text);
        let texts = SourceTexts {
            library: Some(&lib),
            indexing: false,
            dirs: &lib.dirs,
        };
        let mut cache = QuoteCache::default();
        let check = QuoteCheck::new(texts, &mut cache, None);
        assert_eq!(check.verdict(&kg, &ev("it's time  to act")), Verdict::Found);
        let missing = check.verdict(&kg, &ev("it is time to act"));
        assert_eq!(
            missing.message().as_deref(),
            Some("Not in Notes: nearest passage \"Ada said it's time to act on localism\"")
        );
        // The passage `check --sources` names.
        let crate::io::quotes::QuoteMatch::Missing { nearest } =
            crate::io::quotes::match_quote(text, "it is time to act")
        else {
            panic!("not verbatim")
        };
        assert_eq!(nearest, "Ada said it's time to act on localism");
        assert!(missing.blocks());
        // Kept: asked again, the same verdict without a search.
        assert_eq!(check.verdict(&kg, &ev("it is time to act")), missing);
        drop(check);
        assert_eq!(cache.kept, 2);
    }

    #[test]
    fn a_text_not_found_is_noted_and_not_refused_and_one_being_read_waits() {
        let kg = graph();
        let dirs = SourceDirs::new(Some("/nowhere/texts".into()), None, None);
        let lib = Library::build(&kg, &dirs, None, &AtomicBool::new(false)).expect("built");
        let mut cache = QuoteCache::default();
        let texts = SourceTexts {
            library: Some(&lib),
            indexing: false,
            dirs: &dirs,
        };
        let v = QuoteCheck::new(texts, &mut cache, None).verdict(&kg, &ev("anything"));
        assert!(!v.blocks());
        assert_eq!(
            v.message().as_deref(),
            Some("Not checked: notes.txt not found in /nowhere/texts")
        );
        let reading = SourceTexts {
            library: None,
            indexing: true,
            dirs: &dirs,
        };
        let v = QuoteCheck::new(reading, &mut cache, None).verdict(&kg, &ev("anything"));
        assert!(v.blocks(), "sent only once checked");
        assert!(matches!(v, Verdict::Checking { .. }), "{v:?}");
        // No folder at all: nothing to wait for.
        let none = SourceDirs::default();
        let nowhere = SourceTexts {
            library: None,
            indexing: true,
            dirs: &none,
        };
        let v = QuoteCheck::new(nowhere, &mut cache, None).verdict(&kg, &ev("anything"));
        assert!(matches!(v, Verdict::NotChecked(_)), "{v:?}");
    }

    #[test]
    fn a_megabyte_text_is_checked_within_a_frame_and_its_nearest_passage_comes_later() {
        let kg = graph();
        let filler = "the council met again and talked about the \u{201c}budget\u{201d} for the year \u{2013} it\u{2019}s long. ";
        let mut text = filler.repeat(11_000);
        text.push_str("Labour must let people shape the public services they use. ");
        assert!(text.len() > 900_000);
        let (_tmp, lib) = library(&kg, &text);
        let texts = SourceTexts {
            library: Some(&lib),
            indexing: false,
            dirs: &lib.dirs,
        };
        let mut cache = QuoteCache::default();
        let check = QuoteCheck::new(texts, &mut cache, None);
        let started = Instant::now();
        let found = check.verdict(&kg, &ev("Labour must let people shape the public services"));
        let missing = check.verdict(&kg, &ev("Labour should let people shape public services"));
        let took = started.elapsed();
        assert_eq!(found, Verdict::Found);
        assert!(missing.blocks(), "refused at once");
        assert!(
            matches!(
                &missing,
                Verdict::Missing {
                    nearest: Nearest::Looking,
                    ..
                }
            ),
            "{missing:?}"
        );
        // Two substring searches in a folded megabyte: well under a frame even in a
        // debug build on a busy machine (the folding was done when the text was read).
        assert!(took < Duration::from_millis(50), "{took:?}");
        drop(check);
        let end = Instant::now() + Duration::from_secs(20);
        let nearest = loop {
            cache.poll(None);
            let check = QuoteCheck::new(texts, &mut cache, None);
            match check.verdict(&kg, &ev("Labour should let people shape public services")) {
                Verdict::Missing {
                    nearest: Nearest::Looking,
                    ..
                } if Instant::now() < end => {}
                Verdict::Missing { nearest, .. } => break nearest,
                other => panic!("{other:?}"),
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let Nearest::Passage(p) = nearest else {
            panic!("{nearest:?}")
        };
        assert!(
            p.contains("Labour must let people shape the public services"),
            "{p}"
        );
    }
}
