//! Cutting a read into requests the kernel accepts (`net/ethtool/eeprom.c`,
//! `eeprom_parse_request`): length 1..128, no crossing of byte 128, offset + length ≤ 256.

use crate::addr::HALF_LEN;

/// Splits `offset..offset+len` (already inside bytes 0-255) at byte 128 into `(first, len)` runs;
/// each run is at most 128 bytes and stays in one half.
pub fn chunks(offset: u8, len: usize) -> impl Iterator<Item = (u8, u8)> {
    let start = usize::from(offset);
    let end = (start + len).min(2 * HALF_LEN);
    let split = HALF_LEN.clamp(start, end);
    [(start, split), (split, end)]
        .into_iter()
        .filter(|(a, b)| b > a)
        .filter_map(|(a, b)| Some((u8::try_from(a).ok()?, u8::try_from(b - a).ok()?)))
}
