//! Saved web pages to plain text that the record parser understands.
//!
//! Block elements become line breaks, list items become "•" bullets, scripts and styles
//! are dropped, and the `<title>` is kept for the document's title.

use scraper::{ElementRef, Html, Node};

/// Elements whose content is never shown.
const HIDDEN: &[&str] = &["script", "style", "noscript", "template", "head", "object", "iframe", "select"];
/// Elements that stand on lines of their own, separated by a blank line.
const PARAGRAPH_BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "table",
    "pre",
    "hr",
    "center",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "figure",
    "form",
    "address",
];
/// Elements that start a new line.
const LINE_BLOCKS: &[&str] = &["div", "br", "tr", "dt", "dd", "li", "caption", "figcaption", "option"];

/// Returns the visible text of an HTML page and its `<title>`.
pub fn html_to_text(source: &str) -> (String, Option<String>) {
    let doc = Html::parse_document(source);
    let title = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "title")
        .map(|e| collapse_ws(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    let mut out = Out::default();
    walk(doc.root_element(), &mut out);
    let mut text = out.text;
    while text.ends_with('\n') {
        text.pop();
    }
    text.push('\n');
    (text, title)
}

#[derive(Default)]
struct Out {
    text: String,
    /// A space is owed before the next word.
    pending_space: bool,
}

impl Out {
    fn newlines(&mut self, n: usize) {
        self.pending_space = false;
        let trailing = self.text.len() - self.text.trim_end_matches('\n').len();
        // Drop spaces left at the end of the line.
        while self.text.ends_with(' ') {
            self.text.pop();
        }
        if self.text.is_empty() {
            return;
        }
        for _ in trailing..n {
            self.text.push('\n');
        }
    }

    fn words(&mut self, s: &str) {
        if s.starts_with(char::is_whitespace) {
            self.pending_space = true;
        }
        for (i, word) in s.split_whitespace().enumerate() {
            if (i > 0 || self.pending_space) && !self.text.is_empty() && !self.text.ends_with(['\n', ' ']) {
                self.text.push(' ');
            }
            self.text.push_str(word);
            self.pending_space = false;
        }
        if s.ends_with(char::is_whitespace) {
            self.pending_space = true;
        }
    }
}

/// What the walk does next: enter an element, write a text, or close an element's block.
enum Step<'a> {
    Enter(ElementRef<'a>, bool),
    Text(&'a str, bool),
    Leave(Block),
}

/// How an element stands apart from the text around it.
#[derive(Clone, Copy, PartialEq)]
enum Block {
    Paragraph,
    Line,
    Inline,
}

impl Block {
    fn of(name: &str) -> Self {
        if PARAGRAPH_BLOCKS.contains(&name) {
            Self::Paragraph
        } else if LINE_BLOCKS.contains(&name) {
            Self::Line
        } else {
            Self::Inline
        }
    }

    fn apply(self, out: &mut Out) {
        match self {
            Self::Paragraph => out.newlines(2),
            Self::Line => out.newlines(1),
            Self::Inline => {}
        }
    }
}

/// Writes the visible text under `root`, in document order. The walk keeps its own stack
/// instead of recursing: a hostile page nests elements as deep as it likes (100,000 `<span>`s
/// are 1.3 MB), and a recursive walk would overflow the thread's stack and abort the process.
fn walk(root: ElementRef<'_>, out: &mut Out) {
    let mut stack = vec![Step::Enter(root, false)];
    while let Some(step) = stack.pop() {
        let (el, in_pre) = match step {
            Step::Text(t, true) => {
                out.text.push_str(t);
                continue;
            }
            Step::Text(t, false) => {
                out.words(t);
                continue;
            }
            Step::Leave(block) => {
                block.apply(out);
                continue;
            }
            Step::Enter(el, in_pre) => (el, in_pre),
        };
        let name = el.value().name();
        if HIDDEN.contains(&name) {
            continue;
        }
        let block = Block::of(name);
        block.apply(out);
        if name == "li" {
            out.text.push_str("• ");
        }
        let in_pre = in_pre || name == "pre";
        stack.push(Step::Leave(block));
        // Children are pushed last first, so that they are taken first first.
        let mark = stack.len();
        for child in el.children() {
            match child.value() {
                Node::Text(t) => stack.push(Step::Text(t, in_pre)),
                Node::Element(_) => stack.extend(ElementRef::wrap(child).map(|c| Step::Enter(c, in_pre))),
                _ => {}
            }
        }
        stack[mark..].reverse();
    }
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_paragraphs_and_titles() {
        let html = r#"<!DOCTYPE html><html><head><title> Promoting  Peace </title>
            <style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
            <body><h2>Advancing Peace</h2><ul><li>Worked with <b>partners</b> in
            Haiti.</li><li>Helped &amp; supported Mozambique.</li></ul>
            <p>Remarks by the President, May 10, 1995.<br>Privacy Statement</p></body></html>"#;
        let (text, title) = html_to_text(html);
        assert_eq!(title.as_deref(), Some("Promoting Peace"));
        assert_eq!(
            text,
            "Advancing Peace\n\n• Worked with partners in Haiti.\n• Helped & supported Mozambique.\n\nRemarks by the President, May 10, 1995.\nPrivacy Statement\n"
        );
    }
}
