//! Nodes of large views in one mesh: each kind's shape (as in [`paint_node`]) as a
//! convex polygon with a feathered, anti-aliased rim and, when the node is big enough
//! for it to show, an outline ring. Thousands of shapes handed to egui one by one cost
//! more to tessellate than to draw; these are built straight into triangles.
//!
//! [`paint_node`]: super::super::shapes::paint_node

use egui::epaint::Vertex;
use egui::{Color32, Mesh, Pos2, Stroke, Vec2, vec2};

use crate::model::Kind;

/// Builds node shapes into a mesh from per-shape templates, so a node costs a few
/// multiply-adds per vertex and a copy of its indices.
pub(super) struct NodeMesher {
    /// Width of the anti-aliasing rim, in points (one physical pixel).
    feather: f32,
    /// Texture coordinates of a solid white texel in the mesh's texture.
    uv: Pos2,
    /// Shapes already worked out, by kind and number of corners.
    templates: Vec<Template>,
    /// Fill only, no outline or anti-aliased rim: a fifth of the triangles, for frames
    /// in motion, where a software rasteriser would otherwise stutter.
    lite: bool,
}

/// One node shape at unit radius: its corners, their outward miter normals (moving a
/// corner by its normal moves both its sides out by one point) and the triangles for
/// two rings (fill and rim) and for three (fill, outline and rim).
struct Template {
    kind: Kind,
    corners: Vec<Vec2>,
    normals: Vec<Vec2>,
    indices_plain: Vec<u32>,
    indices_outlined: Vec<u32>,
}

impl NodeMesher {
    /// A mesher for a screen of `pixels_per_point`, into a mesh whose texture is
    /// solid white at `uv`; `lite` meshes fills only (see [`NodeMesher::lite`]).
    pub(super) fn new(pixels_per_point: f32, uv: Pos2, lite: bool) -> Self {
        Self {
            feather: 1.0 / pixels_per_point.max(0.1),
            uv,
            templates: Vec::new(),
            lite,
        }
    }

    /// Adds a node of `kind` centred at `c` with radius `r` (points), filled with
    /// `fill`, outlined with `outline` if given: a fan for the inside, then rings out
    /// to a transparent edge one feather wide (through the outline, if any).
    pub(super) fn add(
        &mut self,
        mesh: &mut Mesh,
        kind: Kind,
        c: Pos2,
        r: f32,
        fill: Color32,
        outline: Option<Stroke>,
    ) {
        let n = match kind {
            Kind::Person => circle_vertices(r),
            Kind::Organisation | Kind::Concept => 4,
            Kind::Publication => 5,
            Kind::Event => 6,
        };
        let (f, uv, lite) = (self.feather, self.uv, self.lite);
        let Some(t) = self.template(kind, n) else {
            return;
        };
        let outline = outline.filter(|s| s.width > 0.0 && s.color != Color32::TRANSPARENT);
        // The fan that fills the first ring comes first in every index list.
        let fan = 3 * n.saturating_sub(2);
        let (rings, indices): (&[(f32, Color32)], &[u32]) = match outline {
            _ if lite => (&[(0.0, fill)], t.indices_plain.get(..fan).unwrap_or(&[])),
            Some(s) => {
                let w = s.width;
                (
                    // Fill, then the outline colour, fading out across the stroke's
                    // outer half: a ring fewer than a crisp band, the same look at
                    // a stroke this thin.
                    &[
                        (-w / 2.0 - f / 2.0, fill),
                        ((-w / 2.0 + f / 2.0).min(0.0), s.color),
                        (w / 2.0 + f / 2.0, Color32::TRANSPARENT),
                    ],
                    &t.indices_outlined,
                )
            }
            None => (
                &[(-f / 2.0, fill), (f / 2.0, Color32::TRANSPARENT)],
                &t.indices_plain,
            ),
        };
        let base = mesh.vertices.len() as u32;
        for &(offset, color) in rings {
            mesh.vertices
                .extend(t.corners.iter().zip(&t.normals).map(|(u, m)| Vertex {
                    pos: c + *u * r + *m * offset,
                    uv,
                    color,
                }));
        }
        mesh.indices.extend(indices.iter().map(|i| base + i));
    }

    /// The template for `kind` with `n` corners (circles vary with size), made on
    /// first use.
    fn template(&mut self, kind: Kind, n: usize) -> Option<&Template> {
        let found = self
            .templates
            .iter()
            .position(|t| t.kind == kind && t.corners.len() == n);
        let k = match found {
            Some(k) => k,
            None => {
                self.templates.push(Template::new(kind, n));
                self.templates.len() - 1
            }
        };
        self.templates.get(k)
    }
}

impl Template {
    /// The shape of `kind` with `n` corners (see [`unit_corners`]).
    fn new(kind: Kind, n: usize) -> Self {
        let corners = unit_corners(kind, n);
        let normals = outward_normals(&corners);
        Self {
            kind,
            indices_plain: ring_indices(corners.len(), 2),
            indices_outlined: ring_indices(corners.len(), 3),
            corners,
            normals,
        }
    }
}

/// The corners of a node of `kind` at unit radius, as in `paint_node`: people are
/// circles (`n` corners), organisations squares, publications documents, concepts
/// diamonds and events hexagons.
pub(super) fn unit_corners(kind: Kind, n: usize) -> Vec<Vec2> {
    let regular = |n: usize, scale: f32| -> Vec<Vec2> {
        (0..n)
            .map(|i| {
                let a = std::f32::consts::TAU * i as f32 / n as f32;
                scale * vec2(a.cos(), a.sin())
            })
            .collect()
    };
    match kind {
        Kind::Person => regular(n, 1.0),
        Kind::Organisation => vec![
            vec2(-0.9, -0.9),
            vec2(0.9, -0.9),
            vec2(0.9, 0.9),
            vec2(-0.9, 0.9),
        ],
        Kind::Publication => {
            let (w, h, fold) = (0.8, 1.0, 0.45);
            vec![
                vec2(-w, -h),
                vec2(w - fold, -h),
                vec2(w, -h + fold),
                vec2(w, h),
                vec2(-w, h),
            ]
        }
        Kind::Concept => vec![
            vec2(0.0, -1.15),
            vec2(1.15, 0.0),
            vec2(0.0, 1.15),
            vec2(-1.15, 0.0),
        ],
        Kind::Event => regular(6, 1.05),
    }
}

/// Triangles for `rings` rings of `n` vertices each, the first filled as a fan and
/// each next one joined to the one inside it by a strip.
fn ring_indices(n: usize, rings: usize) -> Vec<u32> {
    let n = n as u32;
    let mut out = Vec::new();
    for i in 1..n.saturating_sub(1) {
        out.extend([0, i, i + 1]);
    }
    for ring in 0..rings.saturating_sub(1) as u32 {
        let inner = ring * n;
        let outer = inner + n;
        for i in 0..n {
            let j = (i + 1) % n;
            out.extend([
                inner + i,
                inner + j,
                outer + i,
                inner + j,
                outer + j,
                outer + i,
            ]);
        }
    }
    out
}

/// Each corner's miter normal for the convex polygon `pts`, pointing outwards.
fn outward_normals(pts: &[Vec2]) -> Vec<Vec2> {
    let n = pts.len();
    if n < 3 {
        return vec![Vec2::ZERO; n];
    }
    let at = |i: usize| pts.get(i % n).copied().unwrap_or_default();
    // Twice the signed area: its sign says which way round the corners go.
    let area: f32 = (0..n)
        .map(|i| {
            let (p, q) = (at(i), at(i + 1));
            p.x * q.y - q.x * p.y
        })
        .sum();
    let side_normal = |i: usize| {
        let d = (at(i + 1) - at(i)).normalized();
        if area > 0.0 {
            vec2(d.y, -d.x)
        } else {
            vec2(-d.y, d.x)
        }
    };
    (0..n)
        .map(|i| {
            let (prev, next) = (side_normal(i + n - 1), side_normal(i));
            let cos = 1.0 + prev.dot(next);
            if cos > 1e-3 {
                (prev + next) / cos
            } else {
                next
            }
        })
        .collect()
}

/// Vertices for a circle of radius `r` points: round at any size, no more than needed.
fn circle_vertices(r: f32) -> usize {
    ((r * 1.5).ceil() as usize).clamp(8, 64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

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
                let mut mesher = NodeMesher::new(1.0, egui::epaint::WHITE_UV, false);
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

    #[test]
    fn lite_meshes_are_fills_only_with_far_fewer_triangles() {
        let outline = Some(Stroke::new(1.2, Color32::WHITE));
        for kind in [Kind::Person, Kind::Organisation, Kind::Event] {
            let (mut full, mut lite) = (Mesh::default(), Mesh::default());
            let c = pos2(40.0, 40.0);
            NodeMesher::new(1.0, egui::epaint::WHITE_UV, false).add(
                &mut full,
                kind,
                c,
                6.0,
                Color32::RED,
                outline,
            );
            NodeMesher::new(1.0, egui::epaint::WHITE_UV, true).add(
                &mut lite,
                kind,
                c,
                6.0,
                Color32::RED,
                outline,
            );
            assert!(lite.is_valid(), "{kind:?}");
            assert!(lite.vertices.iter().all(|v| v.color == Color32::RED));
            assert!(3 * lite.indices.len() < full.indices.len(), "{kind:?}");
            let (fb, lb) = (full.calc_bounds(), lite.calc_bounds());
            assert!(fb.contains_rect(lb) && (lb.center() - c).length() < 1.0);
        }
    }
}
