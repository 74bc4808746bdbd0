//! Markdown building blocks for summary.md: text escaped so that device strings neither break a
//! table, nor format themselves, nor drive the terminal the file is printed on; and tables padded
//! so they read well as plain text too.

use super::xml::{needs_visible_escape, push_visible};

/// Whether `c` must be shown as an escape: what junit.xml escapes (characters XML forbids, DEL,
/// C1 controls, bidi controls) and every other C0 control (TAB, LF and CR are handled before).
fn must_escape(c: char) -> bool {
    c.is_control() || needs_visible_escape(c)
}

/// `s` as one line of Markdown text, safe inside a table cell.
pub(crate) fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if must_escape(c) => push_visible(&mut out, c),
            '|' | '<' | '>' | '*' | '`' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // A backslash only escapes punctuation; double it there so it shows as typed.
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => out.push_str("\\\\"),
            // `&name;` or `&#n;` would be read as an entity.
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            c => out.push(c),
        }
    }
    out
}

/// How a column is aligned.
#[derive(Clone, Copy)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A Markdown table whose cells are already escaped, padded to column widths.
pub(crate) fn table(out: &mut String, header: &[(&str, Align)], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header
        .iter()
        .map(|(h, _)| h.chars().count().max(3))
        .collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        out.push('|');
        for ((_, align), w) in header.iter().zip(&widths) {
            let cell = cells.next().unwrap_or("");
            let pad = w.saturating_sub(cell.chars().count());
            out.push(' ');
            if matches!(align, Align::Right) {
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.extend(std::iter::repeat_n(' ', pad));
            }
            out.push_str(" |");
        }
        out.push('\n');
    };
    line(out, &mut header.iter().map(|(h, _)| *h));
    out.push('|');
    for ((_, align), w) in header.iter().zip(&widths) {
        out.push(' ');
        match align {
            Align::Left => out.extend(std::iter::repeat_n('-', *w)),
            Align::Right => {
                out.extend(std::iter::repeat_n('-', w - 1));
                out.push(':');
            }
        }
        out.push_str(" |");
    }
    out.push('\n');
    for row in rows {
        line(out, &mut row.iter().map(String::as_str));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escapes_markup_and_controls() {
        assert_eq!(inline("a|b"), "a\\|b");
        assert_eq!(inline("<script>"), "\\<script\\>");
        assert_eq!(inline("dom_accuracy"), "dom_accuracy");
        assert_eq!(inline("C:\\plans\\x.yaml"), "C:\\plans\\x.yaml");
        assert_eq!(inline("a\\|"), "a\\\\\\|");
        assert_eq!(inline("x &amp; y & z"), "x \\&amp; y & z");
        assert_eq!(inline("l1\nl2\r\t"), "l1\\nl2\\r\\t");
        assert_eq!(inline("\u{1b}[31mred"), "\\x1b\\[31mred");
        assert_eq!(inline("\u{9b}\u{7f}\u{0}"), "\\x9b\\x7f\\x00");
        assert_eq!(inline("\u{202E}abc"), "\\u{202e}abc");
        assert_eq!(inline("\u{FFFE}é😀"), "\\u{fffe}é😀");
    }

    #[test]
    fn tables_are_padded() {
        let mut out = String::new();
        table(
            &mut out,
            &[("Slot", Align::Left), ("N", Align::Right)],
            &[
                vec!["p1".into(), "12".into()],
                vec!["p10".into(), "3".into()],
            ],
        );
        assert_eq!(
            out,
            "| Slot |   N |\n| ---- | --: |\n| p1   |  12 |\n| p10  |   3 |\n"
        );
    }
}
