//! A Morton-ordered (Z-order) quadtree, rebuilt every step, that answers the two
//! spatial questions of the simulation: the Barnes–Hut approximation of many-body
//! repulsion, and which node circles overlap.
//!
//! Why Morton order rather than inserting points one by one into linked cells:
//! sorting the points along a Z-order curve puts every quadtree cell's points in one
//! contiguous run of the sorted array. The tree is then cut out of that array in
//! linear time, the cells are stored in depth-first order with a `next` ("skip")
//! index so a walk needs neither pointers nor a stack, and neighbouring points sit
//! side by side in memory. Every buffer is kept between rebuilds, so once they have
//! grown to the graph's size a step allocates nothing.
//!
//! Cells whose points all fall in one quadrant are skipped (the tree is
//! "compressed"), so its depth follows the data, not the 16-bit grid. Each cell keeps
//! the tight bounding box of its points, which both sharpens the Barnes–Hut opening
//! test and prunes collision queries.
//!
//! Why queries go by group ([`QuadTree::group_forces`]) rather than by point: the
//! points of a small subtree are close together, so they can share one walk of the
//! tree. The walk collects an *interaction list* (far cells as single bodies, near
//! points one by one) that is valid for every point of the group, and each point
//! then sums it in branch-free loops that the compiler turns into SIMD. That does
//! the tree walk once per ~10 points instead of once per point. The
//! opening test measures from the group's bounding box, not from the point, so every
//! point gets at least the accuracy `theta` promises.
//!
//! The force law, with `d = p_j − p_i` and `l = max(|d|², min_dist²)`:
//! `f_i = Σ_j m_j · d / l`, a 1/distance attraction of unit charges that the caller
//! negates and scales into repulsion (d3's `forceManyBody`, softened below
//! `min_dist` so close pairs cannot fling each other away). Exactly coincident points
//! push along a hashed direction with the largest magnitude, `1 / min_dist`.

use std::ops::Range;

use super::rng::coincident_direction;

/// Most points kept in a leaf before it is split (unless they share one Morton
/// code). Small leaves keep the near field exact and cheap to prune.
const LEAF_SIZE: usize = 8;

/// Most points in a group, the unit that shares one tree walk: the largest
/// subtrees with at most this many points. Why 16: larger groups walk the tree
/// less often but, measured from a wider box, open more cells and check more
/// collision candidates per point; 16 was fastest on 10k–50k nodes.
const GROUP_SIZE: usize = 16;

/// Grid resolution per axis of the Morton code (two axes fit a `u32`).
const GRID_BITS: u32 = 16;

/// Lanes of the interaction-list sum: one SSE register of `f32`.
const LANES: usize = 4;

/// One cell of the tree.
#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    /// Centre of mass of the cell's points.
    com: [f32; 2],
    /// Number of points (each point has unit charge).
    mass: f32,
    /// Squared distance to `com` beyond which the cell counts as one body:
    /// `(width / theta)²`, infinite when `theta` is 0 (exact summation).
    far2: f32,
    /// Tight bounding box of the points.
    min: [f32; 2],
    max: [f32; 2],
    /// Largest collision radius among the points.
    max_r: f32,
    /// Index of the first cell after this cell's subtree; `index + 1` exactly when
    /// the cell is a leaf (an inner cell has at least two children).
    next: u32,
    /// The cell's points are `start..end` in Morton order.
    start: u32,
    end: u32,
}

/// Running totals while a cell is built; `f64` so the centre of mass of 50,000
/// points far from the origin stays exact to well under a scene unit.
#[derive(Clone, Copy, Debug)]
struct Agg {
    mass: f64,
    sum: [f64; 2],
    min: [f32; 2],
    max: [f32; 2],
    max_r: f32,
}

impl Agg {
    const EMPTY: Self = Self {
        mass: 0.0,
        sum: [0.0; 2],
        min: [f32::INFINITY; 2],
        max: [f32::NEG_INFINITY; 2],
        max_r: 0.0,
    };

    fn add_point(&mut self, p: [f32; 2], r: f32) {
        self.mass += 1.0;
        self.sum[0] += f64::from(p[0]);
        self.sum[1] += f64::from(p[1]);
        self.min = [self.min[0].min(p[0]), self.min[1].min(p[1])];
        self.max = [self.max[0].max(p[0]), self.max[1].max(p[1])];
        self.max_r = self.max_r.max(r);
    }

    fn merge(&mut self, o: &Self) {
        self.mass += o.mass;
        self.sum[0] += o.sum[0];
        self.sum[1] += o.sum[1];
        self.min = [self.min[0].min(o.min[0]), self.min[1].min(o.min[1])];
        self.max = [self.max[0].max(o.max[0]), self.max[1].max(o.max[1])];
        self.max_r = self.max_r.max(o.max_r);
    }
}

/// A collision candidate: a point with its collision radius, weight and rank.
#[derive(Clone, Copy, Debug)]
struct Near {
    p: [f32; 2],
    r: f32,
    w: f32,
    rank: u32,
}

/// Per-task working memory for [`QuadTree::group_forces`], kept between steps so the
/// hot path does not allocate.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scratch {
    /// Interaction list, structure-of-arrays so SIMD lanes load contiguously;
    /// padded to a multiple of [`LANES`] with massless bodies.
    xs: Vec<f32>,
    ys: Vec<f32>,
    ms: Vec<f32>,
    /// Each body's term for the point being summed.
    fx: Vec<f32>,
    fy: Vec<f32>,
    /// The points whose circles may touch the group's, copied so the per-point
    /// loop reads them in sequence.
    near: Vec<Near>,
}

impl Scratch {
    fn clear(&mut self) {
        self.xs.clear();
        self.ys.clear();
        self.ms.clear();
        self.near.clear();
    }

    fn push_body(&mut self, p: [f32; 2], m: f32) {
        self.xs.push(p[0]);
        self.ys.push(p[1]);
        self.ms.push(m);
    }

    /// Σ m · d / max(|d|², min_dist2) over the list, for the point `p`.
    ///
    /// Why two passes: the per-body terms are a plain map, which the compiler turns
    /// into SIMD; a float *sum* it may not reorder on its own (that would change the
    /// result), so `lane_sum` adds the terms in four interleaved lanes that it can
    /// vectorise, and then adds the lanes in a fixed order. The result is the same
    /// on every run and thread.
    fn sum(&mut self, p: [f32; 2], min_dist2: f32) -> [f32; 2] {
        for ((((fx, fy), x), y), m) in self
            .fx
            .iter_mut()
            .zip(self.fy.iter_mut())
            .zip(&self.xs)
            .zip(&self.ys)
            .zip(&self.ms)
        {
            let dx = x - p[0];
            let dy = y - p[1];
            let l = dx * dx + dy * dy;
            let l = if l < min_dist2 { min_dist2 } else { l };
            let w = m / l;
            *fx = dx * w;
            *fy = dy * w;
        }
        [lane_sum(&self.fx), lane_sum(&self.fy)]
    }
}

/// Σ v, in [`LANES`] interleaved lanes (the tail beyond a multiple of `LANES` is
/// ignored; the interaction list is padded with zeros). Why this reduction order:
/// pairing lanes 0+2 and 1+3 lets the compiler keep the lanes in vector registers.
fn lane_sum(v: &[f32]) -> f32 {
    let (chunks, _) = v.as_chunks::<LANES>();
    let mut a = [0.0f32; LANES];
    for c in chunks {
        for k in 0..LANES {
            a[k] += c[k];
        }
    }
    (a[0] + a[2]) + (a[1] + a[3])
}

/// The quadtree and the points it was built from, in Morton order.
///
/// Points are addressed by *rank* (place in Morton order, `0..len()`);
/// [`order`](QuadTree::order) maps ranks back to node indices.
#[derive(Clone, Debug, Default)]
pub(crate) struct QuadTree {
    keys: Vec<u32>,
    keys_tmp: Vec<u32>,
    order: Vec<u32>,
    order_tmp: Vec<u32>,
    pts: Vec<[f32; 2]>,
    radius: Vec<f32>,
    weight: Vec<f32>,
    cells: Vec<Cell>,
    /// Cell index of every group (see [`GROUP_SIZE`]), in depth-first (so Morton)
    /// order: their point ranges tile `0..len()` in order.
    groups: Vec<u32>,
    /// Scratch of [`QuadTree::rekey`].
    rekey_buf: Vec<(u32, u32)>,
    rekey_pts: Vec<([f32; 2], f32, f32)>,
}

impl QuadTree {
    /// Rebuilds the tree over `pos`, with per-node collision radii and collision
    /// weights (see [`QuadTree::group_forces`]). `theta` is the Barnes–Hut opening
    /// angle; 0 or less (or NaN) means exact summation. Values must be finite; extra
    /// entries of the longer slices are ignored.
    ///
    /// # Complexity
    /// O(n) time: a three-pass radix sort of the Morton codes and one linear cut of
    /// the sorted array (split points found by binary search, at most 16 levels).
    /// No allocation once the buffers have reached size n.
    pub(crate) fn build(&mut self, pos: &[[f32; 2]], radius: &[f32], weight: &[f32], theta: f32) {
        let n = pos.len().min(radius.len()).min(weight.len());
        self.keys.clear();
        self.order.clear();
        self.pts.clear();
        self.radius.clear();
        self.weight.clear();
        self.cells.clear();
        self.groups.clear();
        if n == 0 {
            return;
        }

        let mut lo = [f32::INFINITY; 2];
        let mut hi = [f32::NEG_INFINITY; 2];
        for p in &pos[..n] {
            lo = [lo[0].min(p[0]), lo[1].min(p[1])];
            hi = [hi[0].max(p[0]), hi[1].max(p[1])];
        }
        // One scale for both axes keeps Morton cells square, as Barnes–Hut assumes.
        let extent = (hi[0] - lo[0]).max(hi[1] - lo[1]);
        let top = ((1u32 << GRID_BITS) - 1) as f32;
        let scale = if extent > 0.0 { top / extent } else { 0.0 };
        // `as u32` saturates (and maps NaN to 0); `min` absorbs rounding at the top.
        let cell_of = |v: f32, o: f32| (((v - o) * scale) as u32).min((1 << GRID_BITS) - 1);
        self.keys.extend(
            pos[..n].iter().map(|p| {
                spread_bits(cell_of(p[0], lo[0])) | (spread_bits(cell_of(p[1], lo[1])) << 1)
            }),
        );
        self.order.extend(0..n as u32);
        radix_sort(
            &mut self.keys,
            &mut self.order,
            &mut self.keys_tmp,
            &mut self.order_tmp,
        );

        for &i in &self.order {
            let i = i as usize;
            self.pts.push(pos[i]);
            self.radius.push(radius[i]);
            self.weight.push(weight[i]);
        }

        let theta = if theta.is_finite() { theta } else { 0.0 };
        let inv_theta2 = if theta > 0.0 {
            1.0 / (theta * theta)
        } else {
            f32::INFINITY
        };
        self.build_cell(0, n, inv_theta2, false);
    }

    /// Builds the cell over Morton ranks `start..end` (non-empty) and its subtree,
    /// in depth-first order, and returns its totals.
    fn build_cell(&mut self, start: usize, end: usize, inv_theta2: f32, in_group: bool) -> Agg {
        let idx = self.cells.len();
        self.cells.push(Cell::default());

        if end - start > LEAF_SIZE && self.keys[start] == self.keys[end - 1] {
            self.rekey(start, end);
        }
        let first = self.keys[start];
        let last = self.keys[end - 1];
        // Points still sharing one Morton code after `rekey` are exactly coincident:
        // they stay in one leaf whatever their number.
        let leaf = end - start <= LEAF_SIZE || first == last;
        let group = !in_group && (leaf || end - start <= GROUP_SIZE);
        if group {
            self.groups.push(idx as u32);
        }
        let mut agg = Agg::EMPTY;
        if leaf {
            for k in start..end {
                agg.add_point(self.pts[k], self.radius[k]);
            }
        } else {
            // Split at the highest bit pair where the run's codes differ: every
            // level above it would hold a single child, so it is skipped.
            let shift = (31 - (first ^ last).leading_zeros()) & !1;
            // All bounds first: building a child may re-key (and so unsort) its run.
            let run = &self.keys[start..end];
            let bounds = [
                start,
                start + run.partition_point(|&k| (k >> shift) & 3 < 1),
                start + run.partition_point(|&k| (k >> shift) & 3 < 2),
                start + run.partition_point(|&k| (k >> shift) & 3 < 3),
                end,
            ];
            for w in bounds.windows(2) {
                if w[1] > w[0] {
                    let child = self.build_cell(w[0], w[1], inv_theta2, in_group || group);
                    agg.merge(&child);
                }
            }
        }

        let width = (agg.max[0] - agg.min[0]).max(agg.max[1] - agg.min[1]);
        let far2 = if inv_theta2.is_finite() {
            width * width * inv_theta2
        } else {
            f32::INFINITY
        };
        self.cells[idx] = Cell {
            com: [
                (agg.sum[0] / agg.mass) as f32,
                (agg.sum[1] / agg.mass) as f32,
            ],
            mass: agg.mass as f32,
            far2,
            min: agg.min,
            max: agg.max,
            max_r: agg.max_r,
            next: self.cells.len() as u32,
            start: start as u32,
            end: end as u32,
        };
        agg
    }

    /// Gives the points of ranks `start..end`, which all share one Morton code,
    /// fresh codes on a grid over their own bounding box, and re-sorts them.
    ///
    /// Why: one far-away node (say, pinned at 10⁷) stretches the global grid until
    /// a whole cluster falls in one grid cell, and one leaf of k points costs
    /// O(k²). Re-gridding such a run keeps the tree fine wherever the points are. It
    /// does nothing when the points are exactly coincident.
    ///
    /// # Complexity
    /// O(k log k) for k points; uses kept buffers.
    fn rekey(&mut self, start: usize, end: usize) {
        let run = start..end;
        let mut lo = [f32::INFINITY; 2];
        let mut hi = [f32::NEG_INFINITY; 2];
        for p in &self.pts[run.clone()] {
            lo = [lo[0].min(p[0]), lo[1].min(p[1])];
            hi = [hi[0].max(p[0]), hi[1].max(p[1])];
        }
        let extent = (hi[0] - lo[0]).max(hi[1] - lo[1]);
        if extent <= 0.0 || extent.is_nan() {
            return;
        }
        let scale = ((1u32 << GRID_BITS) - 1) as f32 / extent;
        let cell_of = |v: f32, o: f32| (((v - o) * scale) as u32).min((1 << GRID_BITS) - 1);
        let mut sorted = std::mem::take(&mut self.rekey_buf);
        sorted.clear();
        sorted.extend(run.clone().map(|k| {
            let p = self.pts[k];
            let key = spread_bits(cell_of(p[0], lo[0])) | (spread_bits(cell_of(p[1], lo[1])) << 1);
            (key, k as u32)
        }));
        // Ties broken by the old rank, itself fixed by node index: deterministic.
        sorted.sort_unstable();
        for (slot, &(key, k)) in run.clone().zip(&sorted) {
            self.keys[slot] = key;
            self.keys_tmp[slot] = self.order[k as usize];
        }
        self.order[run.clone()].copy_from_slice(&self.keys_tmp[run.clone()]);
        let mut pts = std::mem::take(&mut self.rekey_pts);
        pts.clear();
        pts.extend(sorted.iter().map(|&(_, k)| {
            (
                self.pts[k as usize],
                self.radius[k as usize],
                self.weight[k as usize],
            )
        }));
        for (slot, (p, r, w)) in run.zip(pts.iter().copied()) {
            self.pts[slot] = p;
            self.radius[slot] = r;
            self.weight[slot] = w;
        }
        self.rekey_buf = sorted;
        self.rekey_pts = pts;
    }

    /// Number of points in the tree.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.pts.len()
    }

    /// Node index of each Morton rank.
    pub(crate) fn order(&self) -> &[u32] {
        &self.order
    }

    /// Number of groups; [`QuadTree::group_ranks`] and [`QuadTree::group_forces`]
    /// take a group number `0..num_groups()`.
    pub(crate) fn num_groups(&self) -> usize {
        self.groups.len()
    }

    /// Morton ranks of a group's points (empty for an unknown group). Consecutive
    /// groups have consecutive ranges.
    pub(crate) fn group_ranks(&self, group: usize) -> Range<usize> {
        match self
            .groups
            .get(group)
            .and_then(|&c| self.cells.get(c as usize))
        {
            Some(cell) => cell.start as usize..cell.end as usize,
            None => 0..0,
        }
    }

    /// For every point of one group, in rank order, calls `emit(rank, many_body,
    /// collision)` with:
    ///
    /// - `many_body`: Σ over the other points j of `d / max(|d|², min_dist2)`,
    ///   `d = p_j − p_i`, with far cells (`width / distance < theta`, the distance
    ///   taken from the group's bounding box) as one body at their centre of mass;
    /// - `collision`: Σ over the points j whose circle overlaps point i's of
    ///   `d · (r_i + r_j − |d|) / |d| · w_j / (w_i + w_j)`: the direction and depth of
    ///   each overlap, i taking the share of the push the weights give it (heavier
    ///   nodes move less; a pinned neighbour, given a huge weight, leaves it all to i).
    ///
    /// Both point *toward* the others; the caller negates and scales them.
    /// `many_body` is `Some(min_dist2)`, positive, or `None` for collision alone:
    /// then `many_body` is emitted as zero, and the walk skips every cell out of
    /// collision reach rather than summing it (the stress phase, whose repulsion is
    /// off, only needs the collisions).
    ///
    /// # Complexity
    /// One walk of O(log n) cells for well-spread points and a fixed `theta > 0`,
    /// then O(list) per point with a list of O(log n) bodies and the k neighbours
    /// within collision reach. O(n) per point for `theta = 0`, or when many points
    /// share one grid cell.
    pub(crate) fn group_forces(
        &self,
        group: usize,
        s: &mut Scratch,
        many_body: Option<f32>,
        mut emit: impl FnMut(usize, [f32; 2], [f32; 2]),
    ) {
        let Some(g) = self
            .groups
            .get(group)
            .and_then(|&c| self.cells.get(c as usize))
        else {
            return;
        };
        s.clear();

        let mut c = 0usize;
        while let Some(cell) = self.cells.get(c) {
            let next = cell.next as usize;
            // Gap between the two boxes: how close any pair of their points can be.
            let ex = gap(cell.min[0] - g.max[0], g.min[0] - cell.max[0]);
            let ey = gap(cell.min[1] - g.max[1], g.min[1] - cell.max[1]);
            let reach = g.max_r + cell.max_r;
            let touching = ex * ex + ey * ey < reach * reach;
            if !touching && many_body.is_none() {
                c = next;
                continue;
            }
            if !touching {
                // Distance from the centre of mass to the nearest point of the
                // group's box: no point of the group is closer than that. (A cell
                // overlapping the group's box is never taken as one body.)
                let dx = gap(g.min[0] - cell.com[0], cell.com[0] - g.max[0]);
                let dy = gap(g.min[1] - cell.com[1], cell.com[1] - g.max[1]);
                if cell.far2 < dx * dx + dy * dy {
                    s.push_body(cell.com, cell.mass);
                    c = next;
                    continue;
                }
            }
            if next != c + 1 {
                // An inner cell too close to approximate, or that may hold
                // colliding points: open it (its first child follows it).
                c += 1;
                continue;
            }
            // A leaf: its points one by one. The group's own points are among
            // them; each adds nothing to itself, as its `d` is zero.
            let range = cell.start as usize..cell.end as usize;
            let pts = &self.pts[range.clone()];
            if many_body.is_some() {
                s.xs.extend(pts.iter().map(|p| p[0]));
                s.ys.extend(pts.iter().map(|p| p[1]));
                s.ms.extend(pts.iter().map(|_| 1.0));
            }
            if touching {
                let near = pts
                    .iter()
                    .zip(&self.radius[range.clone()])
                    .zip(&self.weight[range.clone()]);
                s.near
                    .extend(near.zip(range).map(|(((&p, &r), &w), k)| Near {
                        p,
                        r,
                        w,
                        rank: k as u32,
                    }));
            }
            c = next;
        }
        while !s.xs.len().is_multiple_of(LANES) {
            s.push_body([0.0; 2], 0.0);
        }
        s.fx.clear();
        s.fx.resize(s.xs.len(), 0.0);
        s.fy.clear();
        s.fy.resize(s.xs.len(), 0.0);

        for rank in g.start as usize..g.end as usize {
            let f = match many_body {
                Some(min_dist2) => {
                    let [fx, fy] = s.sum(self.pts[rank], min_dist2);
                    let [cx, cy] = self.coincident_push(rank, min_dist2);
                    [fx + cx, fy + cy]
                }
                None => [0.0; 2],
            };
            emit(rank, f, self.collision(rank, &s.near));
        }
    }

    /// The many-body term from points exactly on top of point `rank`, which the
    /// list sum leaves out (their `d` is zero): each pushes along the pair's hashed
    /// direction with the law's largest magnitude, `1 / min_dist`. Such points
    /// share a Morton code, so they sit next to `rank` in Morton order.
    fn coincident_push(&self, rank: usize, min_dist2: f32) -> [f32; 2] {
        let (Some(&key), Some(&p)) = (self.keys.get(rank), self.pts.get(rank)) else {
            return [0.0; 2];
        };
        let same_code = |k: &usize| self.keys.get(*k) == Some(&key);
        let before = (0..rank).rev().take_while(same_code);
        let after = (rank + 1..self.pts.len()).take_while(same_code);
        let m = 1.0 / min_dist2.sqrt();
        let mut f = [0.0f32; 2];
        for k in before.chain(after) {
            if self.pts[k] == p {
                let u = coincident_direction(self.order[rank], self.order[k]);
                f[0] += u[0] * m;
                f[1] += u[1] * m;
            }
        }
        f
    }

    /// The collision term of one point against the candidates `near`.
    fn collision(&self, rank: usize, near: &[Near]) -> [f32; 2] {
        let (p, ri, wi) = (self.pts[rank], self.radius[rank], self.weight[rank]);
        let (mut fx, mut fy) = (0.0f32, 0.0f32);
        for q in near {
            if q.rank as usize == rank {
                continue;
            }
            let r = ri + q.r;
            let (dx, dy) = (q.p[0] - p[0], q.p[1] - p[1]);
            let l = dx * dx + dy * dy;
            if l < r * r {
                let share = q.w / (wi + q.w);
                if l == 0.0 {
                    let u = coincident_direction(self.order[rank], self.order[q.rank as usize]);
                    fx += u[0] * r * share;
                    fy += u[1] * r * share;
                } else {
                    let d = l.sqrt();
                    let m = (r - d) / d * share;
                    fx += dx * m;
                    fy += dy * m;
                }
            }
        }
        [fx, fy]
    }
}

/// `max(a, b, 0)`: the gap along one axis between two intervals, given both
/// differences of their ends. Why not `f32::max`: its NaN rules cost extra
/// instructions in the hottest loop, and no value here is NaN.
#[inline]
fn gap(a: f32, b: f32) -> f32 {
    let m = if a > b { a } else { b };
    if m > 0.0 { m } else { 0.0 }
}

/// Spreads the low 16 bits of `v` to the even bit positions (Morton interleave).
fn spread_bits(v: u32) -> u32 {
    let mut x = v & 0xFFFF;
    x = (x | (x << 8)) & 0x00FF_00FF;
    x = (x | (x << 4)) & 0x0F0F_0F0F;
    x = (x | (x << 2)) & 0x3333_3333;
    (x | (x << 1)) & 0x5555_5555
}

/// Stable LSD radix sort of `keys` carrying `vals`, in three 11/11/10-bit passes.
///
/// Why not `sort_unstable_by_key`: this is several times faster for 10k–50k keys,
/// allocates nothing once the scratch buffers have grown, and being stable it breaks
/// ties by node index, which keeps the layout deterministic.
///
/// # Complexity
/// O(n) time, O(n) scratch.
fn radix_sort(
    keys: &mut Vec<u32>,
    vals: &mut Vec<u32>,
    keys_tmp: &mut Vec<u32>,
    vals_tmp: &mut Vec<u32>,
) {
    const RADIX_BITS: u32 = 11;
    const BUCKETS: usize = 1 << RADIX_BITS;
    let n = keys.len();
    keys_tmp.clear();
    keys_tmp.resize(n, 0);
    vals_tmp.clear();
    vals_tmp.resize(n, 0);
    let mut count = [0u32; BUCKETS];
    for shift in [0, RADIX_BITS, 2 * RADIX_BITS] {
        count.fill(0);
        for &k in keys.iter() {
            count[((k >> shift) as usize) & (BUCKETS - 1)] += 1;
        }
        // A pass where every key lands in one bucket would only copy.
        if count.iter().any(|&c| c as usize == n) {
            continue;
        }
        let mut sum = 0u32;
        for c in count.iter_mut() {
            let here = *c;
            *c = sum;
            sum += here;
        }
        for (&k, &v) in keys.iter().zip(vals.iter()) {
            let b = ((k >> shift) as usize) & (BUCKETS - 1);
            let at = count[b] as usize;
            keys_tmp[at] = k;
            vals_tmp[at] = v;
            count[b] += 1;
        }
        std::mem::swap(keys, keys_tmp);
        std::mem::swap(vals, vals_tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;
    use proptest::prelude::*;

    const MIN_DIST2: f32 = 1.0;

    /// The O(n²) reference for the many-body sum of node `i`, in `f64`; also returns
    /// Σ|f_j| as a scale for tolerances.
    fn exact_many_body(pts: &[[f32; 2]], i: usize) -> ([f64; 2], f64) {
        let min_dist2 = f64::from(MIN_DIST2);
        let (mut f, mut total) = ([0.0f64; 2], 0.0f64);
        for (j, p) in pts.iter().enumerate() {
            if j == i {
                continue;
            }
            let dx = f64::from(p[0]) - f64::from(pts[i][0]);
            let dy = f64::from(p[1]) - f64::from(pts[i][1]);
            let l = dx * dx + dy * dy;
            let (fx, fy) = if l == 0.0 {
                let u = coincident_direction(i as u32, j as u32);
                (
                    f64::from(u[0]) / min_dist2.sqrt(),
                    f64::from(u[1]) / min_dist2.sqrt(),
                )
            } else {
                let l = l.max(min_dist2);
                (dx / l, dy / l)
            };
            f[0] += fx;
            f[1] += fy;
            total += fx.hypot(fy);
        }
        (f, total)
    }

    /// Forces of every node, by node index, through the same group walks a step uses.
    fn all_forces(t: &QuadTree) -> Vec<([f32; 2], [f32; 2])> {
        let mut out = vec![([0.0; 2], [0.0; 2]); t.len()];
        let mut s = Scratch::default();
        for group in 0..t.num_groups() {
            t.group_forces(group, &mut s, Some(MIN_DIST2), |rank, f, c| {
                out[t.order()[rank] as usize] = (f, c)
            });
        }
        out
    }

    fn tree_over(pts: &[[f32; 2]], theta: f32) -> QuadTree {
        let mut t = QuadTree::default();
        let ones = vec![1.0; pts.len()];
        t.build(pts, &ones, &ones, theta);
        t
    }

    #[test]
    fn radix_sort_matches_std_sort() {
        let mut rng = SplitMix64::new(3);
        let mut keys: Vec<u32> = (0..5000)
            .map(|_| rng.next_u64() as u32 >> (rng.next_u64() % 20))
            .collect();
        let mut vals: Vec<u32> = (0..5000).collect();
        let mut expected: Vec<(u32, u32)> =
            keys.iter().copied().zip(vals.iter().copied()).collect();
        expected.sort();
        radix_sort(&mut keys, &mut vals, &mut Vec::new(), &mut Vec::new());
        let got: Vec<(u32, u32)> = keys.into_iter().zip(vals).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn groups_tile_the_ranks_and_skip_links_are_consistent() {
        let mut rng = SplitMix64::new(9);
        let pts: Vec<[f32; 2]> = (0..3000)
            .map(|_| [rng.next_f32() * 1e3, rng.next_f32() * 50.0])
            .collect();
        let t = tree_over(&pts, 0.9);
        let mut next_rank = 0;
        for group in 0..t.num_groups() {
            let r = t.group_ranks(group);
            assert_eq!(r.start, next_rank);
            assert!(r.end > r.start);
            next_rank = r.end;
        }
        assert_eq!(next_rank, pts.len());
        for (c, cell) in t.cells.iter().enumerate() {
            assert!(cell.next as usize > c && cell.next as usize <= t.cells.len());
            assert_eq!(cell.mass as u32, cell.end - cell.start);
            for k in cell.start..cell.end {
                let p = t.pts[k as usize];
                assert!(
                    p[0] >= cell.min[0]
                        && p[0] <= cell.max[0]
                        && p[1] >= cell.min[1]
                        && p[1] <= cell.max[1]
                );
            }
        }
        assert_eq!(t.cells[0].next as usize, t.cells.len());
        assert_eq!(t.group_ranks(t.num_groups()), 0..0);
    }

    #[test]
    fn a_far_outlier_does_not_collapse_the_tree() {
        // The global grid cell is ~30,000 units wide here, so without re-gridding
        // the whole cluster would share one code and one leaf.
        let mut rng = SplitMix64::new(4);
        let mut pts: Vec<[f32; 2]> = (0..500)
            .map(|_| [rng.next_f32() * 300.0, rng.next_f32() * 300.0])
            .collect();
        pts.push([2e9, -1e9]);
        pts.extend([[5.0, 5.0]; 12]);
        let t = tree_over(&pts, 0.2);
        for (c, cell) in t.cells.iter().enumerate() {
            let points = &t.pts[cell.start as usize..cell.end as usize];
            let is_leaf = cell.next as usize == c + 1;
            let coincident = points.iter().all(|p| *p == [5.0, 5.0]);
            assert!(
                !is_leaf || points.len() <= LEAF_SIZE || coincident,
                "leaf of {}",
                points.len()
            );
        }
        let mut seen: Vec<u32> = t.order().to_vec();
        seen.sort_unstable();
        assert_eq!(seen, (0..pts.len() as u32).collect::<Vec<_>>());
        for (i, (f, _)) in all_forces(&t).iter().enumerate() {
            let (want, total) = exact_many_body(&pts, i);
            let err = (f64::from(f[0]) - want[0]).hypot(f64::from(f[1]) - want[1]);
            assert!(err <= 0.02 * total + 1e-4, "node {i}: {f:?} vs {want:?}");
        }
    }

    #[test]
    fn coincident_points_push_apart_finitely() {
        let pts = vec![[5.0, 5.0]; 40];
        let t = tree_over(&pts, 0.9);
        for (f, c) in all_forces(&t) {
            assert!(f.iter().chain(c.iter()).all(|v| v.is_finite()));
            assert!(c[0] != 0.0 || c[1] != 0.0);
        }
    }

    #[test]
    fn empty_and_single_point() {
        let t = tree_over(&[], 0.9);
        assert_eq!((t.len(), t.num_groups()), (0, 0));
        let mut s = Scratch::default();
        t.group_forces(0, &mut s, Some(MIN_DIST2), |_, _, _| panic!("no group"));
        let t = tree_over(&[[1.0, 2.0]], 0.9);
        assert_eq!(all_forces(&t), vec![([0.0; 2], [0.0; 2])]);
    }

    #[test]
    fn collision_alone_skips_the_many_body_sum_and_keeps_the_collisions() {
        let mut rng = SplitMix64::new(12);
        let pts: Vec<[f32; 2]> = (0..600)
            .map(|_| [rng.next_f32() * 300.0, rng.next_f32() * 300.0])
            .collect();
        let radius: Vec<f32> = (0..600).map(|_| 2.0 + rng.next_f32() * 8.0).collect();
        let mut t = QuadTree::default();
        t.build(&pts, &radius, &radius, 0.9);
        let both = all_forces(&t);
        let mut s = Scratch::default();
        for group in 0..t.num_groups() {
            t.group_forces(group, &mut s, None, |rank, f, c| {
                assert_eq!(f, [0.0; 2]);
                assert_eq!(c, both[t.order()[rank] as usize].1);
            });
            // Only the cells within collision reach were listed, no far bodies.
            assert!(s.xs.is_empty());
        }
    }

    #[test]
    fn collision_finds_exactly_the_overlapping_pairs() {
        let mut rng = SplitMix64::new(11);
        let n = 800;
        let pts: Vec<[f32; 2]> = (0..n)
            .map(|_| [rng.next_f32() * 400.0, rng.next_f32() * 400.0])
            .collect();
        let radius: Vec<f32> = (0..n).map(|_| 2.0 + rng.next_f32() * 10.0).collect();
        let weight: Vec<f32> = radius.iter().map(|r| r * r).collect();
        let mut t = QuadTree::default();
        t.build(&pts, &radius, &weight, 0.9);
        let got = all_forces(&t);
        for i in 0..n {
            let mut want = [0.0f64; 2];
            for j in 0..n {
                let dx = f64::from(pts[j][0] - pts[i][0]);
                let dy = f64::from(pts[j][1] - pts[i][1]);
                let d = dx.hypot(dy);
                let r = f64::from(radius[i] + radius[j]);
                if j != i && d < r {
                    let share = f64::from(weight[j] / (weight[i] + weight[j]));
                    want[0] += dx * (r - d) / d * share;
                    want[1] += dy * (r - d) / d * share;
                }
            }
            let c = got[i].1;
            assert!(
                (f64::from(c[0]) - want[0]).abs() < 1e-3,
                "{c:?} vs {want:?}"
            );
            assert!(
                (f64::from(c[1]) - want[1]).abs() < 1e-3,
                "{c:?} vs {want:?}"
            );
        }
    }

    proptest! {
        /// Barnes–Hut stays within a few per cent of the exact sum for a small theta,
        /// measured against Σ|f_j| (the net force may cancel to nearly nothing).
        #[test]
        fn barnes_hut_close_to_exact(
            pts in prop::collection::vec((-1000.0f32..1000.0, -1000.0f32..1000.0), 2..400),
            theta in 0.05f32..0.3,
        ) {
            let pts: Vec<[f32; 2]> = pts.into_iter().map(|(x, y)| [x, y]).collect();
            let got = all_forces(&tree_over(&pts, theta));
            for (i, (f, _)) in got.iter().enumerate() {
                let (want, total) = exact_many_body(&pts, i);
                let err = (f64::from(f[0]) - want[0]).hypot(f64::from(f[1]) - want[1]);
                prop_assert!(err <= 0.02 * total + 1e-4, "node {i}: {f:?} vs {want:?} (Σ|f| {total})");
            }
        }

        /// With theta = 0 every pair is summed directly, clustered or coincident
        /// points included.
        #[test]
        fn theta_zero_is_exact(
            pts in prop::collection::vec((-20i32..20, -20i32..20), 1..150),
            scale in prop::sample::select(vec![0.25f32, 1.0, 7.5]),
        ) {
            let pts: Vec<[f32; 2]> = pts.into_iter().map(|(x, y)| [x as f32 * scale, y as f32 * scale]).collect();
            let got = all_forces(&tree_over(&pts, 0.0));
            for (i, (f, _)) in got.iter().enumerate() {
                let (want, total) = exact_many_body(&pts, i);
                let err = (f64::from(f[0]) - want[0]).hypot(f64::from(f[1]) - want[1]);
                prop_assert!(err <= 1e-5 * total + 1e-5, "node {i}: {f:?} vs {want:?}");
            }
        }
    }
}
