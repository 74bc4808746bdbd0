//! SFF-8024 code tables (reference/sff-8024.md): identifiers, connectors, encodings, extended
//! compliance, CMIS media types and host/media interface IDs.
//!
//! Every table is a `match` returning `&'static str`: no allocation on the decode path.

mod cmis_host_interface;
mod cmis_media_interface;
mod cmis_media_type;
mod connector;
mod encoding;
mod ext_compliance;
mod identifier;
#[cfg(test)]
mod test_table;

pub use cmis_host_interface::{UNUSED as HOST_ID_UNUSED, host_interface_name};
pub use cmis_media_interface::media_interface_name;
pub use cmis_media_type::media_type_name;
pub use connector::connector_name;
pub use encoding::encoding_name;
pub use ext_compliance::ext_compliance_name;
pub use identifier::{form_factor, identifier_name, is_vendor_specific_identifier};

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
