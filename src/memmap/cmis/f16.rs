//! The CMIS F16 number format (reference/cmis.md §9.1), used by the VDM BER and FERC observables.
//!
//! A 16-bit big-endian word: bits 15-11 exponent `e` (5 bits, unsigned), bits 10-0 mantissa `m`
//! (11 bits, unsigned); value = m × 10^(e − 24). Range 1e-24 (m = 1, e = 0) to 2047 × 10^7. The
//! format is not normalised: `0x6001` (1 × 10^-12) and `0x4BE8` (1000 × 10^-15) are the same
//! number.
//!
//! [`decode`] returns the double nearest to the exact decimal value, so `0x90F0` is exactly the
//! double `2.4e-4` and both encodings of 1e-12 give the double `1e-12`.

/// Number of mantissa bits (bits 10-0).
const MANTISSA_BITS: u32 = 11;
/// Largest mantissa, 2^11 − 1.
const MANTISSA_MAX: u16 = (1 << MANTISSA_BITS) - 1;
/// Largest exponent, 2^5 − 1.
const EXPONENT_MAX: u8 = 31;
/// The exponent bias: value = m × 10^(e − BIAS).
const BIAS: i32 = 24;

/// Smallest non-zero value, 1 × 10^-24 (`0x0001`).
pub const MIN_POSITIVE: f64 = 1e-24;
/// Largest value, 2047 × 10^7 (`0xFFFF`).
pub const MAX: f64 = 2047e7;

/// Powers of ten that are exact doubles (10^22 is the last one below 2^53 · 2^22).
const EXACT_POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// 5^k for k = 0..=24, exact as integers (5^24 < 2^56).
const POW5: [u128; 25] = {
    let mut t = [1u128; 25];
    let mut k = 1;
    while k < 25 {
        t[k] = t[k - 1] * 5;
        k += 1;
    }
    t
};

/// Left shift applied to the mantissa before dividing by 5^k: m < 2^11, so m · 2^116 < 2^127, and
/// the quotient stays ≥ 2^116 / 5^24 > 2^60, well over the 53 bits of a double.
const DIV_SHIFT: u32 = 116;

/// Decodes an F16 word (bytes already assembled big-endian) to its value.
///
/// The result is the double nearest to m × 10^(e − 24) (correctly rounded for every one of the
/// 65536 words), e.g. `decode(0x90F0) == 2.4e-4`.
pub fn decode(raw: u16) -> f64 {
    let e = i32::from(raw >> MANTISSA_BITS);
    let m = raw & MANTISSA_MAX;
    if m == 0 {
        return 0.0;
    }
    let k = e - BIAS;
    let k_abs = k.unsigned_abs() as usize;
    if k >= 0 {
        // e = 24..=31: m × 10^k ≤ 2047 × 10^7 < 2^53, exact.
        f64::from(m) * EXACT_POW10[k_abs]
    } else if k_abs < EXACT_POW10.len() {
        // e = 2..=23: one IEEE division of two exact doubles, correctly rounded.
        f64::from(m) / EXACT_POW10[k_abs]
    } else {
        // e = 0, 1: 10^24 and 10^23 are not exact doubles.
        div_pow10(m, k.unsigned_abs())
    }
}

/// m / 10^k, correctly rounded, for 1 ≤ k ≤ 24 (used for k = 23, 24).
///
/// m / 10^k = (m · 2^s / 5^k) · 2^-(s + k). The integer quotient is truncated; a non-zero
/// remainder is folded into its lowest bit ("sticky" bit), which lets the u128 → f64 conversion
/// (round to nearest, ties to even) round as if it saw the infinite quotient, because the
/// quotient has at least 8 bits more than a double keeps. Scaling by a power of two is exact in
/// this range (no subnormals: the smallest result is 1e-24).
fn div_pow10(m: u16, k: u32) -> f64 {
    let divisor = POW5[k as usize];
    let dividend = u128::from(m) << DIV_SHIFT;
    let mut q = dividend / divisor;
    if dividend % divisor != 0 {
        q |= 1;
    }
    // The rounding of this conversion is the rounding we want.
    let q = q as f64;
    // 2^-(s + k) with s + k ≤ 140: a normal double, built exactly from its exponent field.
    let scale = f64::from_bits(((1023 - u64::from(DIV_SHIFT + k)) & 0x7FF) << 52);
    q * scale
}

/// Encodes a value as the nearest F16 word, with the largest mantissa (smallest exponent) among
/// the words of that value, so 1e-12 gives `0x4BE8` (1000 × 10^-15), not `0x6001`.
///
/// `None` for NaN, infinities, negative values and values whose nearest F16 would lie above
/// [`MAX`] by more than half a step (≥ 2047.5 × 10^7). Zero (and −0.0) gives `0x0000`, and so
/// does a positive value below half the smallest step (< 0.5 × 10^-24), since 0 is then the
/// nearest word.
pub fn encode(value: f64) -> Option<u16> {
    if value.is_nan() || value.is_infinite() || value < 0.0 {
        return None;
    }
    if value == 0.0 {
        return Some(0);
    }
    // Smallest exponent whose rounded mantissa fits: the finest grid that reaches the value.
    let (e, m) = (0..=EXPONENT_MAX).find_map(|e| {
        let m = scaled(value, e).round();
        (m <= f64::from(MANTISSA_MAX)).then_some((e, m))
    })?;
    // m is a whole number in 0..=2047 by the search above: the cast is exact.
    let m = m as u16;
    let word = pack(e, m);
    if e == 0 {
        return Some(word);
    }
    // The grid one exponent finer ends at 2047 steps just below the value; when the value sits
    // less than half a fine step above that end, 2047 at the finer exponent is nearer than the
    // rounded coarse mantissa (e.g. 2047.6 → 2047 × 10^0, not 205 × 10^1). Coarser grids are
    // never nearer: their points below the value are also on this grid.
    let finer = pack(e - 1, MANTISSA_MAX);
    if (decode(finer) - value).abs() < (decode(word) - value).abs() {
        Some(finer)
    } else {
        Some(word)
    }
}

/// value / 10^(e − 24), i.e. the value in units of exponent `e`'s step.
fn scaled(value: f64, e: u8) -> f64 {
    let k = i32::from(e) - BIAS;
    let k_abs = k.unsigned_abs() as usize;
    if k >= 0 {
        value / EXACT_POW10[k_abs]
    } else if k_abs < EXACT_POW10.len() {
        value * EXACT_POW10[k_abs]
    } else {
        // 10^23 and 10^24 are not exact doubles: two exact steps.
        value * EXACT_POW10[22] * EXACT_POW10[k_abs - 22]
    }
}

/// Assembles exponent and mantissa into the word.
fn pack(e: u8, m: u16) -> u16 {
    (u16::from(e) << MANTISSA_BITS) | (m & MANTISSA_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The double nearest to m × 10^k, by Rust's correctly rounded decimal parser.
    fn exact(m: u16, k: i32) -> f64 {
        format!("{m}e{k}").parse().unwrap()
    }

    // reference/cmis.md §9.1 table.
    #[test]
    fn table_values() {
        // 0x90F0 = 1001 0000 1111 0000: e = 0b10010 = 18, m = 0b000_1111_0000 = 240
        // -> 240 × 10^(18 − 24) = 2.4e-4
        assert_eq!(decode(0x90F0), 2.4e-4);
        assert_eq!(encode(2.4e-4), Some(0x90F0));
        // 0x6001: e = 0b01100 = 12, m = 1 -> 1 × 10^-12
        assert_eq!(decode(0x6001), 1e-12);
        // 0x4BE8 = 0100 1011 1110 1000: e = 0b01001 = 9, m = 0b011_1110_1000 = 1000
        // -> 1000 × 10^-15 = 1e-12
        assert_eq!(decode(0x4BE8), 1e-12);
        // Encoding keeps the larger mantissa: 1000 × 10^-15.
        assert_eq!(encode(1e-12), Some(0x4BE8));
        assert_eq!(decode(0x0000), 0.0);
        assert_eq!(encode(0.0), Some(0x0000));
        assert_eq!(encode(-0.0), Some(0x0000));
    }

    #[test]
    fn zero_mantissa_is_zero_at_every_exponent() {
        for e in 0..=EXPONENT_MAX {
            assert_eq!(decode(pack(e, 0)), 0.0, "e = {e}");
        }
    }

    #[test]
    fn range_ends() {
        // 0x0001: e = 0, m = 1 -> 1 × 10^-24
        assert_eq!(decode(0x0001), 1e-24);
        assert_eq!(decode(0x0001), MIN_POSITIVE);
        assert_eq!(encode(1e-24), Some(0x0001));
        // 0xFFFF: e = 31, m = 2047 -> 2047 × 10^7 = 20 470 000 000
        assert_eq!(decode(0xFFFF), 20_470_000_000.0);
        assert_eq!(decode(0xFFFF), MAX);
        assert_eq!(encode(MAX), Some(0xFFFF));
        // Within half a step of the ends the nearest word is still an end word.
        assert_eq!(encode(2047.4e7), Some(0xFFFF));
        assert_eq!(encode(0.6e-24), Some(0x0001));
        // Below half the smallest step the nearest word is 0.
        assert_eq!(encode(0.4e-24), Some(0x0000));
        assert_eq!(encode(f64::MIN_POSITIVE), Some(0x0000));
    }

    #[test]
    fn unencodable_values() {
        assert_eq!(encode(f64::NAN), None);
        assert_eq!(encode(f64::INFINITY), None);
        assert_eq!(encode(f64::NEG_INFINITY), None);
        assert_eq!(encode(-1e-12), None);
        assert_eq!(encode(2047.6e7), None);
        assert_eq!(encode(1e11), None);
        assert_eq!(encode(f64::MAX), None);
    }

    #[test]
    fn every_exponent() {
        for e in 0..=EXPONENT_MAX {
            let k = i32::from(e) - BIAS;
            // m = 1: 10^k; m = 2047: 2047 × 10^k; m = 999: 999 × 10^k.
            for m in [1, 999, MANTISSA_MAX] {
                assert_eq!(decode(pack(e, m)), exact(m, k), "e = {e}, m = {m}");
            }
            // The exponent field is bits 15-11: 1 × 10^k is (e << 11) | 1.
            assert_eq!(pack(e, 1), (u16::from(e) << 11) | 1);
            // Encoding 10^k keeps the value and uses the largest mantissa that fits:
            // 10^k = 1000 × 10^(k − 3) while e − 3 ≥ 0, else 10^(e) × 10^-24.
            let word = encode(exact(1, k)).unwrap();
            assert_eq!(decode(word), exact(1, k), "e = {e}");
            let expected_m = if e >= 3 {
                1000
            } else {
                10u16.pow(u32::from(e))
            };
            assert_eq!(word & MANTISSA_MAX, expected_m, "e = {e}");
        }
    }

    #[test]
    fn decode_is_correctly_rounded_for_every_word() {
        for raw in 0..=u16::MAX {
            let e = i32::from(raw >> 11);
            let m = raw & 0x7FF;
            assert_eq!(decode(raw), exact(m, e - 24), "raw = {raw:#06x}");
        }
    }

    #[test]
    fn every_word_survives_encode_decode() {
        for raw in 0..=u16::MAX {
            let v = decode(raw);
            let back = encode(v).unwrap();
            assert_eq!(decode(back), v, "raw = {raw:#06x}, back = {back:#06x}");
            // Maximal precision: no other word of the same value has a larger mantissa.
            assert!((back & 0x7FF) >= (raw & 0x7FF), "raw = {raw:#06x}");
        }
    }

    #[test]
    fn nearest_at_the_end_of_a_fine_grid() {
        // 2047.6 × 10^-20: e = 4 would need m = 2048; 2047 × 10^-20 (off by 0.6 steps) is nearer
        // than 205 × 10^-19 (off by 2.4 steps).
        assert_eq!(encode(2047.6e-20), Some(pack(4, 2047)));
        // 2049 × 10^-20 is nearer to 205 × 10^-19 (off by 1) than to 2047 × 10^-20 (off by 2).
        assert_eq!(encode(2049e-20), Some(pack(5, 205)));
    }

    proptest! {
        // Over the whole range the quantisation error is at most half a step of the chosen
        // exponent. Above 2047.5 × 10^-24 the mantissa is ≥ 205 (else a finer exponent would
        // fit), so the relative error is ≤ 0.5 / 204.75 < 0.25 %; below it the absolute error is
        // ≤ 0.5 × 10^-24.
        #[test]
        fn round_trip_error_is_bounded(log10 in -24.0f64..10.311) {
            let v = 10f64.powf(log10);
            prop_assume!(v <= 2047.4e7);
            let word = encode(v).unwrap();
            let back = decode(word);
            if v >= 2047.5e-24 {
                prop_assert!((back - v).abs() <= v * (0.5 / 204.75) * (1.0 + 1e-12),
                    "v = {v}, word = {word:#06x}, back = {back}");
                prop_assert!((word & 0x7FF) >= 205);
            } else {
                prop_assert!((back - v).abs() <= 0.5e-24 * (1.0 + 1e-9));
            }
        }
    }
}
