//! [`NodeGrid`]: a uniform grid over the layout's node centres in scene units. It
//! answers "which nodes lie in this rectangle" without a pass over every node, for
//! culling what is off screen and for finding the node under the pointer.

use egui::{Pos2, Rect, Vec2, pos2};

use super::geometry::Camera;

/// About this many nodes per cell: few enough that a point query reads a handful of
/// nodes, many enough that the grid stays small.
const NODES_PER_CELL: usize = 2;

/// Node slots bucketed by grid cell, rebuilt only when positions or radii change.
#[derive(Clone, Default)]
pub(super) struct NodeGrid {
    /// The layout's stamp ([`LayoutState::stamp`](super::super::layout_state::LayoutState::stamp))
    /// when the grid was built.
    fingerprint: u64,
    built: bool,
    /// Scene position of the top left corner of cell (0, 0).
    origin: Pos2,
    /// Side of a cell, in scene units.
    cell: f32,
    cols: usize,
    rows: usize,
    /// Where each cell's run starts in `slots`; one more entry than cells.
    starts: Vec<u32>,
    /// Node slots, cell by cell.
    slots: Vec<u32>,
    /// The largest layout radius, in scene units: how far a node reaches out of its cell.
    max_radius: f32,
    /// Whether every slot is in the grid (no position was NaN or infinite).
    complete: bool,
}

impl std::fmt::Debug for NodeGrid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NodeGrid({}x{} cells)", self.cols, self.rows)
    }
}

impl NodeGrid {
    /// Brings the grid up to date with `positions` and `radii` (by slot) as of the
    /// layout's `stamp`; nothing to do while the stamp stays the same.
    pub(super) fn update(&mut self, positions: &[[f32; 2]], radii: &[f32], stamp: u64) {
        if self.built && stamp == self.fingerprint {
            return;
        }
        self.build(positions, radii);
        self.fingerprint = stamp;
        self.built = true;
    }

    /// The layout's stamp the grid was last built at: changes whenever a node moves.
    pub(super) fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The largest layout radius, in scene units.
    pub(super) fn max_radius(&self) -> f32 {
        self.max_radius
    }

    fn build(&mut self, positions: &[[f32; 2]], radii: &[f32]) {
        self.max_radius = radii.iter().copied().fold(0.0, f32::max);
        let finite = |p: &[f32; 2]| p[0].is_finite() && p[1].is_finite();
        let mut bounds = Rect::NOTHING;
        let mut count = 0;
        for p in positions.iter().filter(|p| finite(p)) {
            bounds.extend_with(pos2(p[0], p[1]));
            count += 1;
        }
        self.starts.clear();
        self.slots.clear();
        self.complete = count == positions.len();
        if count == 0 {
            (self.cols, self.rows, self.cell, self.origin) = (0, 0, 1.0, Pos2::ZERO);
            return;
        }
        let cells_wanted = (count / NODES_PER_CELL).max(1) as f32;
        let size = bounds.size().max(egui::Vec2::splat(1e-3));
        let cell = (size.x * size.y / cells_wanted).sqrt().max(1e-3);
        // A long thin layout would otherwise get one row of huge cells or far too many.
        let cols = ((size.x / cell).ceil() as usize).clamp(1, 4096);
        let rows = ((size.y / cell).ceil() as usize).clamp(1, 4096);
        let cell = (size.x / cols as f32).max(size.y / rows as f32).max(1e-3);
        (self.cols, self.rows, self.cell, self.origin) = (cols, rows, cell, bounds.min);

        // A counting sort by cell: counts, then starts, then slots in place.
        let cell_of: Vec<u32> = positions
            .iter()
            .map(|p| {
                if finite(p) {
                    self.cell_index(pos2(p[0], p[1])) as u32
                } else {
                    u32::MAX
                }
            })
            .collect();
        self.starts.resize(cols * rows + 1, 0);
        for &c in cell_of.iter().filter(|&&c| c != u32::MAX) {
            self.starts[c as usize + 1] += 1;
        }
        for i in 1..self.starts.len() {
            self.starts[i] += self.starts[i - 1];
        }
        let mut next = self.starts.clone();
        self.slots.resize(count, 0);
        for (slot, &c) in cell_of.iter().enumerate() {
            if c != u32::MAX {
                let at = &mut next[c as usize];
                self.slots[*at as usize] = slot as u32;
                *at += 1;
            }
        }
    }

    /// The cell holding `p`, clamped to the grid.
    fn cell_index(&self, p: Pos2) -> usize {
        let (cx, cy) = self.cell_coords(p);
        cy * self.cols + cx
    }

    fn cell_coords(&self, p: Pos2) -> (usize, usize) {
        let x = ((p.x - self.origin.x) / self.cell).floor();
        let y = ((p.y - self.origin.y) / self.cell).floor();
        let clamp = |v: f32, n: usize| (v.max(0.0) as usize).min(n.saturating_sub(1));
        (clamp(x, self.cols), clamp(y, self.rows))
    }

    /// Appends to `out` the slots of nodes whose cells meet `r` (scene units): every
    /// node with its centre in `r`, and some near it. Unsorted.
    ///
    /// # Complexity
    ///
    /// O(cells meeting `r` + nodes in them).
    pub(super) fn query(&self, r: Rect, out: &mut Vec<usize>) {
        if self.cols == 0 || self.rows == 0 || r.any_nan() {
            return;
        }
        let grid = Rect::from_min_size(
            self.origin,
            egui::vec2(self.cols as f32, self.rows as f32) * self.cell,
        );
        if !grid.intersects(r) {
            return;
        }
        let r = r.intersect(grid);
        let (x0, y0) = self.cell_coords(r.min);
        let (x1, y1) = self.cell_coords(r.max);
        for y in y0..=y1 {
            let (Some(&from), Some(&to)) = (
                self.starts.get(y * self.cols + x0),
                self.starts.get(y * self.cols + x1 + 1),
            ) else {
                continue;
            };
            if let Some(run) = self.slots.get(from as usize..to as usize) {
                out.extend(run.iter().map(|&s| s as usize));
            }
        }
    }

    /// The slots of the nodes whose centres lie within `reach` points of the screen
    /// rect `screen` seen through `camera` (a superset of those whose bodies show in
    /// it), in slot order, which is drawing order.
    pub(super) fn slots_reaching(&self, camera: &Camera, screen: Rect, reach: f32) -> Vec<usize> {
        let r = Rect::from_two_pos(
            camera.scene_from_screen(screen.min - Vec2::splat(reach)),
            camera.scene_from_screen(screen.max + Vec2::splat(reach)),
        );
        let whole = Rect::from_min_size(
            self.origin,
            egui::vec2(self.cols as f32, self.rows as f32) * self.cell,
        );
        if self.complete && r.contains_rect(whole) {
            // The whole map in sight (a fitted view): every slot, already in order;
            // sorting a million slots gathered cell by cell took 30 ms a frame.
            return (0..self.slots.len()).collect();
        }
        let mut slots = Vec::new();
        self.query(r, &mut slots);
        in_slot_order(&mut slots, self.slots.len());
        slots
    }
}

/// Puts `slots` (distinct, each below `n`) in order: by sorting when they are few, by
/// marking them in a bitmap of all `n` and reading it off when they are many (a view
/// zoomed out over most of a million nodes sorted them in 30 ms a frame; the bitmap
/// reads them in about one).
fn in_slot_order(slots: &mut Vec<usize>, n: usize) {
    if slots.len() < n / 32 {
        slots.sort_unstable();
        return;
    }
    let mut marked = vec![0u64; n.div_ceil(64)];
    for &s in slots.iter() {
        if let Some(word) = marked.get_mut(s / 64) {
            *word |= 1 << (s % 64);
        }
    }
    slots.clear();
    for (w, &word) in marked.iter().enumerate() {
        let mut bits = word;
        while bits != 0 {
            slots.push(w * 64 + bits.trailing_zeros() as usize);
            bits &= bits - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Many slots or few, they come out in order.
    #[test]
    fn slots_come_out_in_order_by_bitmap_or_by_sort() {
        for (n, step) in [(10_000usize, 1usize), (10_000, 7), (10_000, 997)] {
            let mut slots: Vec<usize> = (0..n).step_by(step).rev().collect();
            let mut sorted = slots.clone();
            sorted.sort_unstable();
            in_slot_order(&mut slots, n);
            assert_eq!(slots, sorted, "{n} slots, every {step}th");
        }
    }

    /// The grid finds exactly the nodes a linear scan finds, for many rectangles.
    #[test]
    fn query_matches_linear_scan() {
        let positions: Vec<[f32; 2]> = (0..500)
            .map(|i| {
                let t = i as f32;
                [(t * 7.31).sin() * 300.0, (t * 3.17).cos() * 120.0 + t * 0.1]
            })
            .collect();
        let radii = vec![5.0; positions.len()];
        let mut grid = NodeGrid::default();
        grid.update(&positions, &radii, 1);
        for k in 0..50 {
            let c = pos2(
                (k as f32 * 37.0) % 600.0 - 300.0,
                (k as f32 * 13.0) % 260.0 - 130.0,
            );
            let r = Rect::from_center_size(c, egui::vec2(40.0 + k as f32 * 3.0, 25.0));
            let mut found = Vec::new();
            grid.query(r, &mut found);
            let mut inside: Vec<usize> = found
                .into_iter()
                .filter(|&s| r.contains(pos2(positions[s][0], positions[s][1])))
                .collect();
            inside.sort_unstable();
            let expected: Vec<usize> = (0..positions.len())
                .filter(|&s| r.contains(pos2(positions[s][0], positions[s][1])))
                .collect();
            assert_eq!(inside, expected, "rect {r:?}");
        }
    }

    /// Non-finite positions are left out, and an empty layout answers nothing.
    #[test]
    fn skips_non_finite_and_empty() {
        let mut grid = NodeGrid::default();
        grid.update(&[[f32::NAN, 0.0], [1.0, 1.0]], &[3.0, 3.0], 2);
        let mut found = Vec::new();
        grid.query(Rect::EVERYTHING, &mut found);
        assert_eq!(found, vec![1]);
        let mut empty = NodeGrid::default();
        empty.update(&[], &[], 3);
        found.clear();
        empty.query(Rect::EVERYTHING, &mut found);
        assert!(found.is_empty());
    }
}
