//! Test helper: check a code table over all 256 codes against listed rows and a default.

/// Asserts that `name` gives the listed name for every listed code and `default(code)` for every
/// other code, and that the listed codes are unique.
pub(crate) fn assert_table(
    name: impl Fn(u8) -> &'static str,
    listed: &[(u8, &str)],
    default: impl Fn(u8) -> &'static str,
) {
    for code in 0..=u8::MAX {
        let rows: Vec<&str> = listed
            .iter()
            .filter(|(c, _)| *c == code)
            .map(|(_, n)| *n)
            .collect();
        assert!(rows.len() <= 1, "code {code:#04x} listed twice");
        let want = rows.first().copied().unwrap_or_else(|| default(code));
        assert_eq!(name(code), want, "code {code:#04x}");
    }
}
