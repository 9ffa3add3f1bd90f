//! The coverage exceptions file: the sentences of the source texts that state no fact
//! for the graph, each with the reason (an image credit, a rhetorical question, a claim
//! with no named subject). `ideagraph coverage --exceptions FILE` counts them as
//! explained, so that what is left is a sentence the graph still owes a fact.
//!
//! # Format
//! Markdown: every line starting `- ` is an entry,
//! `- FILE:LINE "opening words" — reason`: the text's file name, the 1-based line the
//! sentence starts on, its first words (enough to tell it from other sentences on the
//! line, compared ignoring case, punctuation and typographic quotes), an em dash or
//! `--`, and the reason. Other lines (headings, prose) are free text.

use std::ops::Range;

/// One excepted sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exception {
    /// The text's file name, as a source's `file`.
    pub file: String,
    /// The line the sentence starts on, from 1.
    pub line: usize,
    /// The sentence's first words, as written in the exceptions file.
    pub opening: String,
    /// Why it is not a fact of the graph.
    pub reason: String,
    /// The line of the exceptions file that holds the entry, from 1.
    pub at: usize,
}

impl Exception {
    /// Whether this entry names the sentence `sentence` of `file` that starts on `line`.
    pub fn names(&self, file: &str, line: usize, sentence: &str) -> bool {
        let opening = fold(&self.opening);
        self.file == file
            && self.line == line
            && !opening.is_empty()
            && fold(sentence).starts_with(&opening)
    }
}

/// Reads an exceptions file's text.
///
/// # Errors
/// The first malformed entry, as `line N: what is wrong`.
pub fn parse(text: &str) -> Result<Vec<Exception>, String> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let Some(entry) = raw.strip_prefix("- ") else {
            continue;
        };
        out.push(entry_at(entry, i + 1).map_err(|why| format!("line {}: {why}", i + 1))?);
    }
    Ok(out)
}

/// One entry, without its leading `- `.
fn entry_at(entry: &str, at: usize) -> Result<Exception, String> {
    let expected = "expected `- FILE:LINE \"opening words\" — reason`";
    let (place, rest) = entry.split_once(' ').ok_or(expected)?;
    let (file, line) = place.rsplit_once(':').ok_or(expected)?;
    let line: usize = line
        .parse()
        .map_err(|_| format!("{line:?} is not a line number; {expected}"))?;
    let rest = rest.trim_start();
    let quoted = rest.strip_prefix('"').ok_or(expected)?;
    // The opening words end at the first `"` followed by the dash: they may hold quotes.
    let (opening, reason) = quoted
        .match_indices('"')
        .find_map(|(i, _)| {
            let after = quoted[i + 1..].trim_start();
            let reason = after
                .strip_prefix('\u{2014}')
                .or_else(|| after.strip_prefix("--"))?;
            Some((&quoted[..i], reason.trim()))
        })
        .ok_or(expected)?;
    if file.is_empty() || line == 0 || fold(opening).is_empty() || reason.is_empty() {
        return Err(expected.to_owned());
    }
    Ok(Exception {
        file: file.to_owned(),
        line,
        opening: opening.to_owned(),
        reason: reason.to_owned(),
        at,
    })
}

/// Words only: lower case, letters and digits, one space between words.
fn fold(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the exceptions say of one text's unbacked sentences: for each (by its range),
/// the entry that explains it, if any; and the entries for this file that explain no
/// unbacked sentence (stale: the sentence now backs a quote, or was never there).
pub fn explain<'e>(
    exceptions: &'e [Exception],
    file: &str,
    text: &str,
    unbacked: &[Range<usize>],
) -> (Vec<Option<&'e Exception>>, Vec<&'e Exception>) {
    let mut used = vec![false; exceptions.len()];
    let explained = unbacked
        .iter()
        .map(|r| {
            let line = text.get(..r.start).map_or(0, |t| t.matches('\n').count()) + 1;
            let sentence = text.get(r.clone()).unwrap_or_default();
            let hit = exceptions
                .iter()
                .position(|e| e.names(file, line, sentence))?;
            used[hit] = true;
            Some(&exceptions[hit])
        })
        .collect();
    let stale = exceptions
        .iter()
        .zip(&used)
        .filter(|(e, u)| e.file == file && !**u)
        .map(|(e, _)| e)
        .collect();
    (explained, stale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_read_and_prose_is_skipped() {
        let text = "# Exceptions\n\nSome prose.\n- a.txt:3 \"Photograph: Getty\" \u{2014} image credit\n- b.txt:10 \"So what?\" -- rhetorical question\n- c.txt:1 \"a hundred \"priorities\".\" \u{2014} emphasis\n";
        let got = parse(text).expect("parses");
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[2].opening, "a hundred \"priorities\".",
            "quotes inside the opening"
        );
        assert_eq!(
            (got[0].file.as_str(), got[0].line, got[0].at),
            ("a.txt", 3, 4)
        );
        assert_eq!(got[1].reason, "rhetorical question");
    }

    #[test]
    fn a_malformed_entry_names_its_line() {
        let err = parse("ok\n- a.txt \"x\" \u{2014} y\n").expect_err("no line number");
        assert!(err.starts_with("line 2:"), "{err}");
        let err = parse("- a.txt:3 \"x\" no dash\n").expect_err("no reason");
        assert!(err.contains("expected"), "{err}");
    }

    #[test]
    fn sentences_are_explained_by_file_line_and_opening_and_stale_entries_found() {
        let text = "First line.\nSo what might that mean? It\u{2019}s this.\n";
        let so = text.find("So").expect("so");
        let its = text.find("It").expect("it");
        let unbacked = [so..so + 24, its..text.len() - 1];
        let exceptions = parse(
            "- t.txt:2 \"so what might\" \u{2014} question\n- t.txt:1 \"First line\" \u{2014} now backed\n- u.txt:2 \"So what\" \u{2014} other file\n",
        )
        .expect("parses");
        let (explained, stale) = explain(&exceptions, "t.txt", text, &unbacked);
        assert_eq!(explained[0].map(|e| e.reason.as_str()), Some("question"));
        assert!(explained[1].is_none(), "no entry for the second sentence");
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].reason, "now backed");
    }
}
