//! The frame of a report page: doctype, head with the one inline style sheet, body, footer.
//! No script, no external asset: the file opens offline and prints as it shows.

use std::fmt::Write as _;

use super::format::esc;
use super::style::css;

/// Opens the document: `<!DOCTYPE html>` … `<body>`.
pub(crate) fn open(o: &mut String, title: &str) {
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"optiqual\">\
         <title>{}</title><style>\n{}</style></head><body>\n",
        esc(title),
        css()
    );
}

/// Closes the document with a footer saying what the file is.
pub(crate) fn close(o: &mut String, tool_version: &str) {
    let _ = writeln!(
        o,
        "<footer class=\"small\"><p>Written by optiqual {}. A self-contained file: every plot is \
         inline SVG, nothing is fetched; it opens offline and prints as shown.</p></footer>\
         </body></html>",
        esc(tool_version)
    );
}
