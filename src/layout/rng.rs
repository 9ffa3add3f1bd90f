//! A direction for coincident points, hashed so layouts stay reproducible; the seeded
//! generator itself is the crate's shared [`crate::rng`].

use crate::rng::mix;

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
