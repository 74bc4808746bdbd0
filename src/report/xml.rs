//! A tiny XML 1.0 escaping writer: text and attribute values that stay well-formed whatever
//! bytes a device put into a vendor string or a log line.
//!
//! XML 1.0 §2.2 allows only `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
//! [#x10000-#x10FFFF]`; every other character (C0 controls such as NUL, `\x01`, ESC, and the
//! non-characters U+FFFE/U+FFFF) is replaced by a visible escape (`\x1b`, `\u{fffe}`), never
//! dropped silently, so a reader of the report still sees that the device sent it. So are the
//! characters §2.2 asks authors to avoid and that could drive a terminal printing the file or
//! reorder what a reader sees: DEL and the C1 controls (`\x9b` is a CSI), and the bidi
//! controls (`\u{202e}`).

use std::fmt::Write as _;

/// Whether XML 1.0 allows `c` in a document (the `Char` production).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\u{9}' | '\u{A}' | '\u{D}'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Whether `c` is written as a visible escape rather than as itself: not allowed by XML 1.0,
/// DEL or a C1 control, or a bidi control (U+200E/F, U+202A-E, U+2066-9).
pub(crate) fn needs_visible_escape(c: char) -> bool {
    !is_xml_char(c)
        || matches!(c, '\u{7F}'..='\u{9F}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Appends a visible escape for a character that must not appear raw: `\x01` below U+0100,
/// `\u{fffe}` above.
pub(crate) fn push_visible(out: &mut String, c: char) {
    let code = u32::from(c);
    // Writing to a String never fails.
    let _ = if code < 0x100 {
        write!(out, "\\x{code:02x}")
    } else {
        write!(out, "\\u{{{code:x}}}")
    };
}

/// Appends `s` as element content: `&`, `<`, `>` as entities, CR as `&#13;` (so line-end
/// normalisation keeps it), characters XML forbids as visible escapes.
pub(crate) fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if needs_visible_escape(c) => push_visible(out, c),
            c => out.push(c),
        }
    }
}

/// Appends `s` as a double-quoted attribute value (without the quotes): as [`push_text`], plus
/// `"` and `'`, and TAB/LF/CR as character references so attribute normalisation keeps them.
pub(crate) fn push_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if needs_visible_escape(c) => push_visible(out, c),
            c => out.push(c),
        }
    }
}

/// Appends ` name="value"` (escaped).
pub(crate) fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_attr(out, value);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        let mut o = String::new();
        push_text(&mut o, s);
        o
    }

    fn attr_value(s: &str) -> String {
        let mut o = String::new();
        push_attr(&mut o, s);
        o
    }

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(text("a<b>&c]]>"), "a&lt;b&gt;&amp;c]]&gt;");
        assert_eq!(
            attr_value("say \"hi\" & 'bye'"),
            "say &quot;hi&quot; &amp; &apos;bye&apos;"
        );
    }

    #[test]
    fn forbidden_characters_become_visible_escapes() {
        assert_eq!(text("ACME\u{1}\u{1b}[31m\0"), "ACME\\x01\\x1b[31m\\x00");
        assert_eq!(text("\u{FFFE}\u{FFFF}"), "\\u{fffe}\\u{ffff}");
        // Allowed by XML 1.0 but discouraged, and a CSI to a terminal: escaped too.
        assert_eq!(text("\u{7f}\u{85}\u{9b}\u{a0}"), "\\x7f\\x85\\x9b\u{a0}");
        assert_eq!(text("\u{202E}moc.exe"), "\\u{202e}moc.exe");
        // U+FFFD (what a lossy UTF-8 decode of bad surrogates gives) is allowed.
        assert_eq!(text("\u{FFFD}"), "\u{FFFD}");
        assert_eq!(text("\u{10FFFF}\u{E000}"), "\u{10FFFF}\u{E000}");
    }

    #[test]
    fn whitespace_survives_normalisation() {
        assert_eq!(text("a\tb\nc\rd"), "a\tb\nc&#13;d");
        assert_eq!(attr_value("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
    }

    #[test]
    fn char_production_boundaries() {
        for (c, ok) in [
            ('\u{8}', false),
            ('\u{9}', true),
            ('\u{B}', false),
            ('\u{1F}', false),
            ('\u{20}', true),
            ('\u{D7FF}', true),
            ('\u{E000}', true),
            ('\u{FFFD}', true),
            ('\u{FFFE}', false),
            ('\u{10000}', true),
        ] {
            assert_eq!(is_xml_char(c), ok, "{:#x}", u32::from(c));
        }
    }
}
