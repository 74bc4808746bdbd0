//! SFF-8024 code tables (reference/sff-8024.md): identifiers, connectors, encodings, extended
//! compliance, CMIS media types and host/media interface IDs.
//!
//! PLACEHOLDER API: the tables are being written; signatures are fixed.

/// Management-map family chosen from the identifier (reference/sff-8024.md §1, "Rule for the
/// harness").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// SFF-8472: 0x02, 0x03, 0x0B.
    Sff8472,
    /// SFF-8636 / SFF-8436: 0x0C, 0x0D, 0x11.
    Sff8636,
    /// CMIS: 0x18, 0x19, 0x1B, 0x1E, 0x1F, 0x20, 0x21, 0x22.
    Cmis,
}

/// Which column of the encoding table (reference/sff-8024.md §3) applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingColumn {
    /// SFF-8472 byte 11.
    Sff8472,
    /// SFF-8636 Page 00h:139.
    Sff8636,
}

/// The family whose map an identifier uses.
pub fn family_for_identifier(code: u8) -> Option<Family> {
    match code {
        0x02 | 0x03 | 0x0B => Some(Family::Sff8472),
        0x0C | 0x0D | 0x11 => Some(Family::Sff8636),
        0x18 | 0x19 | 0x1B | 0x1E | 0x1F | 0x20 | 0x21 | 0x22 => Some(Family::Cmis),
        _ => None,
    }
}

/// SFF-8024 Table 4-1 identifier name.
pub fn identifier_name(_code: u8) -> &'static str {
    "Unknown"
}

/// SFF-8024 Table 4-3 connector name.
pub fn connector_name(_code: u8) -> &'static str {
    "Unknown"
}

/// Encoding name in the given spec's column.
pub fn encoding_name(_code: u8, _column: EncodingColumn) -> &'static str {
    "Unknown"
}

/// SFF-8024 Table 4-4 extended compliance name.
pub fn ext_compliance_name(_code: u8) -> &'static str {
    "Unknown"
}

/// CMIS media type (lower byte 85) name.
pub fn media_type_name(_code: u8) -> &'static str {
    "Unknown"
}

/// CMIS host electrical interface ID name.
pub fn host_interface_name(_code: u8) -> &'static str {
    "Unknown"
}

/// CMIS media interface ID name, from the table chosen by the media type (lower byte 85).
pub fn media_interface_name(_media_type: u8, _code: u8) -> &'static str {
    "Unknown"
}
