//! The fingerprints the canvas's caches compare to know whether what they hold is still
//! what a frame would build. A leaf: it uses nothing else in the canvas.

use egui::Color32;

use crate::model::Kind;

/// FNV-1a over 64-bit words.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fnv(pub(super) u64);

impl Fnv {
    /// The hash of nothing yet.
    pub(super) fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    /// Mixes one word in.
    pub(super) fn mix(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(0x0000_0100_0000_01b3);
    }

    /// The hash of `words`, in order.
    pub(super) fn of(words: impl IntoIterator<Item = u64>) -> u64 {
        let mut h = Self::new();
        words.into_iter().for_each(|x| h.mix(x));
        h.0
    }
}

/// A hash of how the nodes on screen look: slot, kind, colour and radius of each. A
/// change of colouring, community or size shows in the nodes on screen, so they stand
/// for the picture's margin too.
pub(super) fn node_looks_key(looks: impl Iterator<Item = (usize, Kind, Color32, f32)>) -> u64 {
    Fnv::of(looks.flat_map(|(slot, kind, colour, radius)| {
        [
            slot as u64,
            kind as u64,
            u64::from(u32::from_ne_bytes(colour.to_array())),
            u64::from(radius.to_bits()),
        ]
    }))
}

/// The key of a picture's scene: the view's edges as grouped (`edges_key`), the
/// positions (`positions_key`), the theme and the nodes' looks (`looks`, zero when no
/// nodes are in the picture).
pub(super) fn scene_key(edges_key: u64, positions_key: u64, dark: bool, looks: u64) -> u64 {
    Fnv::of([edges_key, positions_key, u64::from(dark), looks])
}
