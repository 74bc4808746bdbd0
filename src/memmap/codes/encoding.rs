//! Encoding codes (reference/sff-8024.md §3): SFF-8472 A0h:11 and SFF-8636 Page 00h:139.
//! Codes 0x04-0x06 mean different things in the two specs, so the caller names the column.

use super::EncodingColumn;

/// Name of an encoding code in the given spec's column (reference/sff-8024.md §3).
///
/// 0x09-0xFF are "Reserved".
pub fn encoding_name(code: u8, column: EncodingColumn) -> &'static str {
    match (code, column) {
        (0x00, _) => "Unspecified",
        (0x01, _) => "8B/10B",
        (0x02, _) => "4B/5B",
        (0x03, _) => "NRZ",
        // The three codes that differ between SFF-8472 and SFF-8636.
        (0x04, EncodingColumn::Sff8472) => "Manchester",
        (0x05, EncodingColumn::Sff8472) => "SONET scrambled",
        (0x06, EncodingColumn::Sff8472) => "64B/66B",
        (0x04, EncodingColumn::Sff8636) => "SONET scrambled",
        (0x05, EncodingColumn::Sff8636) => "64B/66B",
        (0x06, EncodingColumn::Sff8636) => "Manchester",
        (0x07, _) => "256B/257B (transcoded FEC)",
        (0x08, _) => "PAM4",
        _ => "Reserved",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::codes::test_table::assert_table;

    /// Every row of reference/sff-8024.md §3, SFF-8472 column (A0h byte 11).
    const SFF8472: &[(u8, &str)] = &[
        (0x00, "Unspecified"),
        (0x01, "8B/10B"),
        (0x02, "4B/5B"),
        (0x03, "NRZ"),
        (0x04, "Manchester"),
        (0x05, "SONET scrambled"),
        (0x06, "64B/66B"),
        (0x07, "256B/257B (transcoded FEC)"),
        (0x08, "PAM4"),
    ];

    /// Every row of reference/sff-8024.md §3, SFF-8636 column (Page 00h:139).
    const SFF8636: &[(u8, &str)] = &[
        (0x00, "Unspecified"),
        (0x01, "8B/10B"),
        (0x02, "4B/5B"),
        (0x03, "NRZ"),
        (0x04, "SONET scrambled"),
        (0x05, "64B/66B"),
        (0x06, "Manchester"),
        (0x07, "256B/257B (transcoded FEC)"),
        (0x08, "PAM4"),
    ];

    #[test]
    fn every_code_matches_sff8472_column() {
        assert_table(
            |c| encoding_name(c, EncodingColumn::Sff8472),
            SFF8472,
            |_| "Reserved",
        );
    }

    #[test]
    fn every_code_matches_sff8636_column() {
        assert_table(
            |c| encoding_name(c, EncodingColumn::Sff8636),
            SFF8636,
            |_| "Reserved",
        );
    }

    #[test]
    fn columns_differ_only_at_0x04_to_0x06() {
        // §3: "Values 0x04-0x06 differ between the two specs".
        assert_eq!(encoding_name(0x04, EncodingColumn::Sff8472), "Manchester");
        assert_eq!(
            encoding_name(0x04, EncodingColumn::Sff8636),
            "SONET scrambled"
        );
        assert_eq!(
            encoding_name(0x05, EncodingColumn::Sff8472),
            "SONET scrambled"
        );
        assert_eq!(encoding_name(0x05, EncodingColumn::Sff8636), "64B/66B");
        assert_eq!(encoding_name(0x06, EncodingColumn::Sff8472), "64B/66B");
        assert_eq!(encoding_name(0x06, EncodingColumn::Sff8636), "Manchester");
        for code in 0..=u8::MAX {
            let same = encoding_name(code, EncodingColumn::Sff8472)
                == encoding_name(code, EncodingColumn::Sff8636);
            assert_eq!(same, !(0x04..=0x06).contains(&code), "code {code:#04x}");
        }
    }
}
