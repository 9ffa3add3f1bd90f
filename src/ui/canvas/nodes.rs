//! Nodes of large views in one mesh: each kind's shape (as in [`paint_node`]) as a
//! convex polygon with a feathered, anti-aliased rim and, when the node is big enough
//! for it to show, an outline ring. Thousands of shapes handed to egui one by one cost
//! more to tessellate than to draw; these are built straight into triangles.
//!
//! [`paint_node`]: super::super::shapes::paint_node

use egui::epaint::{Vertex, WHITE_UV};
use egui::{Color32, Mesh, Pos2, Stroke, Vec2, pos2, vec2};

use crate::model::Kind;

/// Builds node shapes into a mesh, reusing its scratch space and circle tables.
pub(super) struct NodeMesher {
    /// Width of the anti-aliasing rim, in points (one physical pixel).
    feather: f32,
    /// Unit circles by number of vertices.
    circles: Vec<(usize, Vec<Vec2>)>,
    /// The current shape's corners and their outward miter normals.
    pts: Vec<Pos2>,
    normals: Vec<Vec2>,
}

impl NodeMesher {
    /// A mesher for a screen of `pixels_per_point`.
    pub(super) fn new(pixels_per_point: f32) -> Self {
        Self {
            feather: 1.0 / pixels_per_point.max(0.1),
            circles: Vec::new(),
            pts: Vec::new(),
            normals: Vec::new(),
        }
    }

    /// Adds a node of `kind` centred at `c` with radius `r` (points), filled with
    /// `fill`, outlined with `outline` if given.
    pub(super) fn add(
        &mut self,
        mesh: &mut Mesh,
        kind: Kind,
        c: Pos2,
        r: f32,
        fill: Color32,
        outline: Option<Stroke>,
    ) {
        self.pts.clear();
        match kind {
            Kind::Person => {
                self.extend_circle(circle_vertices(r), c, r);
            }
            Kind::Organisation => {
                let s = r * 0.9;
                self.pts.extend([
                    pos2(c.x - s, c.y - s),
                    pos2(c.x + s, c.y - s),
                    pos2(c.x + s, c.y + s),
                    pos2(c.x - s, c.y + s),
                ]);
            }
            Kind::Publication => {
                let (w, h) = (r * 0.8, r);
                let fold = r * 0.45;
                self.pts.extend([
                    pos2(c.x - w, c.y - h),
                    pos2(c.x + w - fold, c.y - h),
                    pos2(c.x + w, c.y - h + fold),
                    pos2(c.x + w, c.y + h),
                    pos2(c.x - w, c.y + h),
                ]);
            }
            Kind::Concept => {
                let s = r * 1.15;
                self.pts.extend([
                    pos2(c.x, c.y - s),
                    pos2(c.x + s, c.y),
                    pos2(c.x, c.y + s),
                    pos2(c.x - s, c.y),
                ]);
            }
            Kind::Event => {
                self.extend_circle(6, c, r * 1.05);
            }
        }
        self.add_polygon(mesh, fill, outline);
    }

    /// Adds the corners of a regular `n`-gon of radius `r` around `c`, the first one
    /// to the right (unit circles are computed once per `n`).
    fn extend_circle(&mut self, n: usize, c: Pos2, r: f32) {
        let k = match self.circles.iter().position(|(m, _)| *m == n) {
            Some(k) => k,
            None => {
                let unit = (0..n)
                    .map(|i| {
                        let a = std::f32::consts::TAU * i as f32 / n as f32;
                        vec2(a.cos(), a.sin())
                    })
                    .collect();
                self.circles.push((n, unit));
                self.circles.len() - 1
            }
        };
        if let Some((_, unit)) = self.circles.get(k) {
            self.pts.extend(unit.iter().map(|u| c + *u * r));
        }
    }

    /// Adds the convex polygon in `self.pts`: a fan for the inside, then rings out to
    /// a transparent edge one feather wide (through the outline, if any).
    fn add_polygon(&mut self, mesh: &mut Mesh, fill: Color32, outline: Option<Stroke>) {
        let n = self.pts.len();
        if n < 3 {
            return;
        }
        self.outward_normals();
        let f = self.feather;
        let rings: &[(f32, Color32)] = match outline {
            Some(s) if s.width > 0.0 && s.color != Color32::TRANSPARENT => {
                let w = s.width;
                &[
                    (-w / 2.0 - f / 2.0, fill),
                    ((-w / 2.0 + f / 2.0).min(0.0), s.color),
                    ((w / 2.0 - f / 2.0).max(0.0), s.color),
                    (w / 2.0 + f / 2.0, Color32::TRANSPARENT),
                ]
            }
            _ => &[(-f / 2.0, fill), (f / 2.0, Color32::TRANSPARENT)],
        };
        let base = mesh.vertices.len() as u32;
        for &(offset, color) in rings {
            mesh.vertices
                .extend(self.pts.iter().zip(&self.normals).map(|(p, m)| Vertex {
                    pos: *p + *m * offset,
                    uv: WHITE_UV,
                    color,
                }));
        }
        let n32 = n as u32;
        for i in 1..n32 - 1 {
            mesh.indices.extend([base, base + i, base + i + 1]);
        }
        for ring in 0..rings.len() as u32 - 1 {
            let inner = base + ring * n32;
            let outer = inner + n32;
            for i in 0..n32 {
                let j = (i + 1) % n32;
                mesh.indices.extend([
                    inner + i,
                    inner + j,
                    outer + i,
                    inner + j,
                    outer + j,
                    outer + i,
                ]);
            }
        }
    }

    /// Fills `self.normals` with each corner's miter normal: moving a corner by it
    /// moves both its sides outwards by one point.
    fn outward_normals(&mut self) {
        let n = self.pts.len();
        // Twice the signed area: its sign says which way round the corners go.
        let area: f32 = (0..n)
            .map(|i| {
                let (p, q) = (self.pts[i], self.pts[(i + 1) % n]);
                p.x * q.y - q.x * p.y
            })
            .sum();
        let side_normal = |i: usize| {
            let d = (self.pts[(i + 1) % n] - self.pts[i]).normalized();
            if area > 0.0 {
                vec2(d.y, -d.x)
            } else {
                vec2(-d.y, d.x)
            }
        };
        self.normals.clear();
        let mut prev = side_normal(n - 1);
        for i in 0..n {
            let next = side_normal(i);
            let cos = 1.0 + prev.dot(next);
            self.normals.push(if cos > 1e-3 {
                (prev + next) / cos
            } else {
                next
            });
            prev = next;
        }
    }
}

/// Vertices for a circle of radius `r` points: round at any size, no more than needed.
fn circle_vertices(r: f32) -> usize {
    ((r * 1.5).ceil() as usize).clamp(10, 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind gives a valid mesh whose fill is centred on the node and whose
    /// anti-aliasing rim reaches just beyond the shape.
    #[test]
    fn shapes_are_valid_and_in_place() {
        for kind in [
            Kind::Person,
            Kind::Organisation,
            Kind::Publication,
            Kind::Concept,
            Kind::Event,
        ] {
            for outline in [None, Some(Stroke::new(1.2, Color32::WHITE))] {
                let mut mesh = Mesh::default();
                let mut mesher = NodeMesher::new(1.0);
                let c = pos2(100.0, 50.0);
                mesher.add(&mut mesh, kind, c, 10.0, Color32::RED, outline);
                assert!(mesh.is_valid(), "{kind:?}");
                let bounds = mesh.calc_bounds();
                assert!(bounds.contains(c));
                assert!(bounds.width() > 15.0 && bounds.width() < 30.0, "{bounds:?}");
                assert!((bounds.center() - c).length() < 2.0, "{kind:?} {bounds:?}");
            }
        }
    }
}
