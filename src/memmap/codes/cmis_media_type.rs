//! CMIS media type, lower memory byte 85 (reference/cmis.md §1 byte 85, reference/sff-8024.md
//! §5): it selects the table that the media interface IDs of the Application Descriptors use.

/// First and last media type codes of the custom range (reference/cmis.md byte 85: 64-143).
pub(crate) const CUSTOM: core::ops::RangeInclusive<u8> = 0x40..=0x8F;

/// Name of a CMIS media type (lower byte 85).
///
/// 0x40-0x8F (64-143) are "Custom"; other unlisted codes are "Reserved".
pub fn media_type_name(code: u8) -> &'static str {
    match code {
        0x00 => "Undefined",
        0x01 => "MMF",
        0x02 => "SMF",
        0x03 => "Passive copper",
        0x04 => "Active cable",
        0x05 => "BASE-T",
        c if CUSTOM.contains(&c) => "Custom",
        _ => "Reserved",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memmap::codes::test_table::assert_table;

    /// reference/cmis.md §1 byte 85: 1 MMF, 2 SMF, 3 passive copper, 4 active cable, 5 BASE-T.
    const LISTED: &[(u8, &str)] = &[
        (0, "Undefined"),
        (1, "MMF"),
        (2, "SMF"),
        (3, "Passive copper"),
        (4, "Active cable"),
        (5, "BASE-T"),
    ];

    #[test]
    fn every_code_matches_byte_85() {
        // 64-143 custom, everything else reserved.
        assert_table(media_type_name, LISTED, |c| {
            if (64..=143).contains(&c) {
                "Custom"
            } else {
                "Reserved"
            }
        });
    }

    #[test]
    fn range_edges() {
        assert_eq!(media_type_name(6), "Reserved");
        assert_eq!(media_type_name(63), "Reserved");
        assert_eq!(media_type_name(64), "Custom");
        assert_eq!(media_type_name(143), "Custom");
        assert_eq!(media_type_name(144), "Reserved");
        assert_eq!(media_type_name(255), "Reserved");
    }
}
