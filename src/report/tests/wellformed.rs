//! A small, strict XML 1.0 well-formedness checker for the tests: characters, tags, attributes,
//! entity and character references. It builds a tree so tests can compare what a reader sees
//! with what was written.

/// An element with its attributes (references resolved) and children.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter_map(move |c| match c {
            Node::Element(e) if e.name == name => Some(e),
            _ => None,
        })
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            if let Node::Text(t) = c {
                s.push_str(t);
            }
        }
        s
    }
}

fn is_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')
}

struct P<'a> {
    s: &'a str,
    i: usize,
}

impl P<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        Some(c)
    }
    fn eat(&mut self, lit: &str) -> bool {
        if self.s[self.i..].starts_with(lit) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }
    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at byte {}", self.i))
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.i += 1;
        }
    }
    fn name(&mut self) -> Result<String, String> {
        let start = self.i;
        match self.peek() {
            Some(c) if c.is_alphabetic() || c == '_' || c == ':' => {}
            _ => return self.err("expected a name"),
        }
        while self.peek().is_some_and(is_name_char) {
            self.bump();
        }
        Ok(self.s[start..self.i].to_string())
    }
    /// After '&': a predefined entity or a character reference.
    fn reference(&mut self) -> Result<char, String> {
        let end = match self.s[self.i..].find(';') {
            Some(e) if e <= 10 => self.i + e,
            _ => return self.err("unterminated reference"),
        };
        let body = &self.s[self.i..end];
        let c = match body {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(h) = body.strip_prefix("#x") {
                    u32::from_str_radix(h, 16).ok()
                } else if let Some(d) = body.strip_prefix('#') {
                    d.parse().ok()
                } else {
                    None
                };
                match code.and_then(char::from_u32) {
                    Some(c) if is_char(c) => c,
                    _ => return self.err("bad reference"),
                }
            }
        };
        self.i = end + 1;
        Ok(c)
    }
    fn element(&mut self) -> Result<Element, String> {
        if !self.eat("<") {
            return self.err("expected '<'");
        }
        let name = self.name()?;
        let mut attrs: Vec<(String, String)> = Vec::new();
        loop {
            let had_ws = matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r'));
            self.ws();
            if self.eat("/>") {
                return Ok(Element {
                    name,
                    attrs,
                    children: vec![],
                });
            }
            if self.eat(">") {
                break;
            }
            if !had_ws {
                return self.err("expected whitespace before an attribute");
            }
            let an = self.name()?;
            self.ws();
            if !self.eat("=") {
                return self.err("expected '='");
            }
            self.ws();
            let q = match self.bump() {
                Some(q @ ('"' | '\'')) => q,
                _ => return self.err("expected a quote"),
            };
            let mut v = String::new();
            loop {
                match self.bump() {
                    None => return self.err("unterminated attribute"),
                    Some(c) if c == q => break,
                    Some('<') => return self.err("'<' in attribute"),
                    Some('&') => v.push(self.reference()?),
                    // Attribute-value normalisation: literal whitespace becomes a space.
                    Some('\t' | '\n' | '\r') => v.push(' '),
                    Some(c) => v.push(c),
                }
            }
            if attrs.iter().any(|(n, _)| *n == an) {
                return self.err("duplicate attribute");
            }
            attrs.push((an, v));
        }
        let mut children = Vec::new();
        let mut text = String::new();
        loop {
            if self.eat("</") {
                let end = self.name()?;
                self.ws();
                if end != name || !self.eat(">") {
                    return self.err("mismatched end tag");
                }
                if !text.is_empty() {
                    children.push(Node::Text(text));
                }
                return Ok(Element {
                    name,
                    attrs,
                    children,
                });
            }
            match self.peek() {
                None => return self.err("unclosed element"),
                Some('<') => {
                    if !text.is_empty() {
                        children.push(Node::Text(std::mem::take(&mut text)));
                    }
                    children.push(Node::Element(self.element()?));
                }
                Some('&') => {
                    self.bump();
                    text.push(self.reference()?);
                }
                Some(_) => {
                    if self.s[self.i..].starts_with("]]>") {
                        return self.err("']]>' in text");
                    }
                    match self.bump() {
                        // Line-end normalisation: a literal CR is read as LF.
                        Some('\r') => {
                            self.eat("\n");
                            text.push('\n');
                        }
                        Some(c) => text.push(c),
                        None => unreachable!(),
                    }
                }
            }
        }
    }
}

/// Parses a whole document (optional XML declaration, one root element, trailing whitespace).
pub(crate) fn parse(doc: &str) -> Result<Element, String> {
    if let Some((i, c)) = doc.char_indices().find(|&(_, c)| !is_char(c)) {
        return Err(format!(
            "character {:#x} not allowed at byte {i}",
            u32::from(c)
        ));
    }
    let mut p = P { s: doc, i: 0 };
    if p.eat("<?xml") {
        match doc.find("?>") {
            Some(e) => p.i = e + 2,
            None => return p.err("unterminated declaration"),
        }
    }
    p.ws();
    let root = p.element()?;
    p.ws();
    if p.i != doc.len() {
        return p.err("content after the root element");
    }
    Ok(root)
}

#[test]
fn the_checker_rejects_what_it_should() {
    assert!(parse("<a x=\"1\"><b/>t&amp;&#x41;</a>").is_ok());
    for bad in [
        "<a>",
        "<a></b>",
        "<a x=\"<\"/>",
        "<a>&foo;</a>",
        "<a>&#1;</a>",
        "<a>\u{1}</a>",
        "<a>]]></a>",
        "<a x=\"1\" x=\"2\"/>",
        "<a/><b/>",
        "<a x=\"1\"y=\"2\"/>",
        "<a>&amp</a>",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
    let e = parse("<a v=\"x&#10;y\tz\">p\r\nq&#13;</a>").unwrap();
    assert_eq!(e.attr("v"), Some("x\ny z"));
    assert_eq!(e.text(), "p\nq\r");
}
