//! Which nodes of a picture are named and where each name goes, as on the canvas: the
//! focus first and whole, then the biggest nodes, each label cut as the canvas cuts it
//! ([`crate::palette::short_label`]) and put below its node, else above, right or left,
//! wherever it overlaps no label already placed; a node with no room goes unnamed
//! (every node keeps its whole name as a tooltip).

use crate::palette::short_label;

/// Label size in pixels.
pub(super) const LABEL_PX: f32 = 11.0;
/// Rough width of a character at [`LABEL_PX`], to make room for labels.
pub(super) const CHAR_W: f32 = 6.2;
/// Room around a label's text inside its halo, across and down (the canvas's).
const PAD: [f32; 2] = [3.0, 2.0];

/// A node in line for a label.
pub(super) struct Candidate<'a> {
    /// The whole label.
    pub label: &'a str,
    /// The node's centre (scene units).
    pub pos: [f32; 2],
    /// The node's radius.
    pub radius: f32,
    /// The focus: labelled whole, first, and even where it overlaps.
    pub whole: bool,
}

/// A label placed: which candidate, the text drawn, and its halo's box
/// `[left, top, right, bottom]` (scene units).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Placed {
    /// Index into the candidates.
    pub slot: usize,
    /// The label as drawn.
    pub text: String,
    /// The halo's box; the text is centred in it.
    pub rect: [f32; 4],
}

/// The width and height of a label's halo.
fn halo_size(text: &str) -> [f32; 2] {
    [
        text.chars().count() as f32 * CHAR_W + 2.0 * PAD[0],
        LABEL_PX + 2.0 * PAD[1],
    ]
}

/// Where a label's halo of `size` may go, best first: below the node, else above,
/// right or left (the canvas's spots).
fn spots(c: &Candidate<'_>, size: [f32; 2]) -> [[f32; 2]; 4] {
    let gap = c.radius * 1.15 + 2.0;
    let [x, y] = c.pos;
    let [w, h] = size;
    [
        [x - w / 2.0, y + gap],
        [x - w / 2.0, y - gap - h],
        [x + gap + 2.0, y - h / 2.0],
        [x - gap - 2.0 - w, y - h / 2.0],
    ]
}

fn overlap(a: &[f32; 4], b: &[f32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Places the labels (see the module docs).
///
/// # Complexity
/// O(n log n + n · k) for n candidates and k labels placed.
pub(super) fn place_labels(candidates: &[Candidate<'_>]) -> Vec<Placed> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    let key = |i: usize| {
        candidates
            .get(i)
            .map_or((false, 0.0), |c| (c.whole, c.radius))
    };
    order.sort_by(|&a, &b| {
        let (ka, kb) = (key(a), key(b));
        kb.0.cmp(&ka.0).then(kb.1.total_cmp(&ka.1)).then(a.cmp(&b))
    });
    let mut placed: Vec<Placed> = Vec::new();
    for i in order {
        let Some(c) = candidates.get(i) else { continue };
        // A whole label (the focus) is still held to the drawn-label limit.
        let text = super::drawn_label(&short_label(c.label, c.whole)).into_owned();
        let size = halo_size(&text);
        let boxes = spots(c, size).map(|[x, y]| [x, y, x + size[0], y + size[1]]);
        let free = boxes
            .iter()
            .find(|b| !placed.iter().any(|p| overlap(b, &p.rect)));
        let rect = match (free, c.whole) {
            (Some(b), _) => *b,
            (None, true) => boxes[0],
            (None, false) => continue,
        };
        placed.push(Placed {
            slot: i,
            text,
            rect,
        });
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(label: &str, x: f32, whole: bool) -> Candidate<'_> {
        Candidate {
            label,
            pos: [x, 0.0],
            radius: 6.0,
            whole,
        }
    }

    #[test]
    fn crowded_labels_move_aside_or_give_way() {
        let long = "A very long label that the canvas would cut short";
        let c: Vec<Candidate<'_>> = (0..5).map(|i| at(long, 5.0 * i as f32, false)).collect();
        let placed = place_labels(&c);
        // Below, above, right and left of the first four; none left for the fifth.
        assert_eq!(placed.len(), 4, "{placed:?}");
        assert!(placed.iter().all(|p| p.text.ends_with('\u{2026}')));
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!overlap(&a.rect, &b.rect), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn the_focus_is_named_whole_and_first() {
        let long = "A very long label that the canvas would cut short";
        let c = [at(long, 0.0, false), at(long, 1.0, true)];
        let placed = place_labels(&c);
        assert_eq!(placed.first().map(|p| p.slot), Some(1));
        assert_eq!(placed.first().map(|p| p.text.as_str()), Some(long));
    }
}
