//! Terminal styling: highlighted rows only when stdout is a terminal and `NO_COLOR` is unset.

use std::io::IsTerminal;

/// Whether to use ANSI colours on stdout.
pub fn color_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// Wraps `text` in bold red when `color`, else marks it with `!` so flagged rows stand out in
/// plain text too.
pub fn alert(text: &str, color: bool) -> String {
    if color {
        format!("\x1b[1;31m{text}\x1b[0m")
    } else {
        format!("{text}  <-- !")
    }
}

/// Bold heading when `color`.
pub fn heading(text: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}
