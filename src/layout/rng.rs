//! A tiny seeded random generator and hash, so layouts are reproducible without a
//! dependency and without anything that varies between runs or platforms.

/// SplitMix64 (Steele, Lea, Flood 2014): one 64-bit state, passes BigCrush, and is
/// plenty for jittering initial positions.
#[derive(Clone, Debug)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator whose whole output is fixed by `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A float uniform in `[0, 1)`, from the top 24 bits (all an `f32` can hold).
    pub(crate) fn next_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 * (1.0 / (1u64 << 24) as f32)
    }
}

/// SplitMix64's finaliser: a stateless 64-bit hash with good avalanche.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A unit vector from node `i` toward where node `j` is taken to be when the two sit
/// on exactly the same point.
///
/// Why: forces along `p_j - p_i` have no direction for coincident points, and d3's
/// answer (`Math.random()`) would break determinism. The direction is a hash of the
/// unordered pair, negated for the other node, so `i` and `j` are pushed apart
/// symmetrically and identically on every run.
pub(crate) fn coincident_direction(i: u32, j: u32) -> [f32; 2] {
    let (lo, hi, sign) = if i < j { (i, j, 1.0) } else { (j, i, -1.0) };
    let h = mix((u64::from(lo) << 32) | u64::from(hi));
    let angle = (h >> 40) as f32 * (std::f32::consts::TAU / (1u64 << 24) as f32);
    [sign * angle.cos(), sign * angle.sin()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut c = SplitMix64::new(8);
        assert_ne!(SplitMix64::new(7).next_u64(), c.next_u64());
    }

    #[test]
    fn floats_in_unit_interval() {
        let mut r = SplitMix64::new(1);
        for _ in 0..10_000 {
            let x = r.next_f32();
            assert!((0.0..1.0).contains(&x));
        }
    }

    #[test]
    fn coincident_offsets_are_opposite() {
        for (i, j) in [(0, 1), (5, 3), (100, 7)] {
            let a = coincident_direction(i, j);
            let b = coincident_direction(j, i);
            assert_eq!(a[0], -b[0]);
            assert_eq!(a[1], -b[1]);
            assert!((a[0].hypot(a[1]) - 1.0).abs() < 1e-6);
        }
    }
}
