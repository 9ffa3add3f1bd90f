//! Typo tolerance: a query word of at least four characters matches a word of a name,
//! or the start of one, within one edit (two for words of eight characters or more),
//! an adjacent swap counting as one edit (optimal string alignment).
//!
//! The check runs on every name when it runs at all, so it is built to reject fast: a
//! name missing more of the word's characters than the edits allowed is passed over
//! on one mask test, and the distance itself is computed on the stack, in a band that
//! gives up as soon as two rows are over the allowance.

use super::Name;

/// Query words longer than this are not checked for typos (nobody mistypes a word of
/// 60 letters by one, and it keeps the check's table on the stack).
const MAX_CHARS: usize = 60;

/// Query words shorter than this match only as they are typed.
const MIN_CHARS: usize = 4;

/// A query word, prepared for matching names.
pub(super) struct Word {
    /// The word.
    text: String,
    /// The word after a space: where it begins a word of a name that is not the first.
    spaced: String,
    /// Its characters.
    chars: Vec<char>,
    /// How many edits it may be away from a word of a name.
    allowed: usize,
    /// Which characters it has ([`mask`]).
    mask: u64,
}

impl Word {
    /// The query word `text` (normalised, no spaces).
    pub(super) fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        Word {
            text: text.to_owned(),
            spaced: format!(" {text}"),
            allowed: if chars.len() >= 8 { 2 } else { 1 },
            mask: mask(text),
            chars,
        }
    }

    /// The word.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The word after a space.
    pub(super) fn spaced(&self) -> &str {
        &self.spaced
    }

    /// Whether the word is long enough to be matched with typos.
    pub(super) fn allows_typos(&self) -> bool {
        (MIN_CHARS..=MAX_CHARS).contains(&self.chars.len())
    }

    /// Whether a word of `name`, or the start of one, is within the allowed edits.
    pub(super) fn close_to_a_word_of(&self, name: &Name<'_>) -> bool {
        // Each character of the word that the name lacks costs an edit of its own.
        let missing = (self.mask & !name.mask).count_ones();
        if usize::try_from(missing).unwrap_or(usize::MAX) > self.allowed {
            return false;
        }
        self.allows_typos() && name.text.split(' ').any(|w| self.close_to(w))
    }

    /// Whether `word`, or its first characters as many as the query word has, is within
    /// the allowed edits of the query word.
    fn close_to(&self, word: &str) -> bool {
        let (q, k) = (&self.chars[..], self.allowed);
        let n = q.len();
        // At most k of the word's first k + 1 characters are edited away; one is left,
        // no more than 2k + 1 places along (k insertions, a swap). Most words fail here.
        let head = &q[..=k];
        if !word.chars().take(2 * k + 2).any(|c| head.contains(&c)) {
            return false;
        }
        // A word longer than n + k can only match by its start: n + k characters decide.
        let mut w = ['\0'; MAX_CHARS + 2];
        let mut len = 0;
        let mut whole = true;
        for c in word.chars() {
            if len == n + k {
                whole = false;
                break;
            }
            w[len] = c;
            len += 1;
        }
        if len + k < n {
            return false;
        }
        let w = &w[..len];
        let prefix_row = len.min(n);
        let mut rows = [[0u8; MAX_CHARS + 1]; 3];
        for (j, d) in rows[0].iter_mut().enumerate().take(n + 1) {
            *d = u8::try_from(j).unwrap_or(u8::MAX);
        }
        if prefix_row == 0 {
            return n <= k;
        }
        let mut over_before = false;
        for i in 1..=len {
            let row_min = osa_row(&mut rows, w, q, i);
            let cur = &rows[i % 3];
            if (i == prefix_row || (whole && i == len)) && usize::from(cur[n]) <= k {
                return true;
            }
            // Two rows over the allowance: no later row can come back under it.
            let over = usize::from(row_min) > k;
            if over && over_before {
                return false;
            }
            over_before = over;
        }
        false
    }
}

/// Fills row `i` of the distance table (rows kept modulo 3) between `w[..i]` and each
/// prefix of `q`; returns the row's smallest value.
fn osa_row(rows: &mut [[u8; MAX_CHARS + 1]; 3], w: &[char], q: &[char], i: usize) -> u8 {
    let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
    rows[cur][0] = u8::try_from(i).unwrap_or(u8::MAX);
    let mut row_min = rows[cur][0];
    for j in 1..=q.len() {
        let cost = u8::from(w[i - 1] != q[j - 1]);
        let mut v = (rows[prev][j] + 1)
            .min(rows[cur][j - 1] + 1)
            .min(rows[prev][j - 1] + cost);
        if i > 1 && j > 1 && w[i - 1] == q[j - 2] && w[i - 2] == q[j - 1] {
            v = v.min(rows[prev2][j - 2] + 1);
        }
        rows[cur][j] = v;
        row_min = row_min.min(v);
    }
    row_min
}

/// A bit for each letter and digit in `text` (other characters share the rest): a word
/// can be within k edits of a name's word only if at most k of its bits are missing
/// from the name's mask.
pub(super) fn mask(text: &str) -> u64 {
    text.chars().fold(0, |m, c| m | mask_of(c))
}

/// The bit of one character in a [`mask`].
pub(super) fn mask_of(c: char) -> u64 {
    let at = match c {
        ' ' => return 0,
        'a'..='z' => u32::from(c) - u32::from('a'),
        '0'..='9' => 26 + u32::from(c) - u32::from('0'),
        _ => 36 + u32::from(c) % 28,
    };
    1 << at
}

/// The plain distance the fast check stands for: optimal string alignment (an edit is
/// an insertion, a deletion, a substitution or a swap of neighbours), the whole table.
/// The reference the tests and the search bench's old matcher compare against.
pub fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, slot) in d.iter_mut().enumerate().take(w) {
        *slot = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use nucleo_matcher::Utf32Str;
    use proptest::prelude::*;

    use super::*;

    /// The check as it was first written: the distance to the word or to its start.
    fn close_enough(word: &str, q: &str) -> bool {
        let qn = q.chars().count();
        if !(MIN_CHARS..=MAX_CHARS).contains(&qn) {
            return false;
        }
        let allowed = if qn >= 8 { 2 } else { 1 };
        let prefix: String = word.chars().take(qn).collect();
        osa_distance(word, q) <= allowed || osa_distance(&prefix, q) <= allowed
    }

    fn close(name: &str, q: &str) -> bool {
        let mut buf = Vec::new();
        let name = Name::new(name, Utf32Str::new(name, &mut buf));
        Word::new(q).close_to_a_word_of(&name)
    }

    #[test]
    fn osa_counts_swaps_once() {
        assert_eq!(osa_distance("milburn", "milbrun"), 1);
        assert_eq!(osa_distance("", "abc"), 3);
        assert_eq!(osa_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn typos_in_words_and_word_starts() {
        assert!(close("alan milburn", "milbrun"));
        assert!(close("alan milburn", "milbur"), "a start");
        assert!(close("node 12345", "nodr"));
        assert!(close("relational state", "relatoinal"));
        assert!(
            close("relational state", "relaitonla"),
            "two swaps in a long word"
        );
        assert!(
            !close("alan milburn", "mlbrun"),
            "two edits in a short word"
        );
        assert!(!close("node 12345", "nod"), "too short to mistype");
    }

    proptest! {
        /// The banded, masked check agrees with the whole-table distance it replaces.
        #[test]
        fn agrees_with_the_plain_distance(
            words in prop::collection::vec("[abcde]{0,9}", 1..4),
            q in "[abcdeé]{3,10}",
        ) {
            let name = words.join(" ");
            let plain = words.iter().any(|w| close_enough(w, &q));
            prop_assert_eq!(close(&name, &q), plain, "{} / {}", name, q);
        }
    }
}
