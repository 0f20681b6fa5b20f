//! Markdown copies of records (a fact sheet saved as `.md`): telling them from plain text.
//! They are read into blocks by [`crate::core::blocks::markdown`].

/// A Markdown record as plain text, with the title its front matter or first `#` heading
/// gives.
#[derive(Debug, Default, PartialEq)]
pub struct MarkdownPage {
    pub text: String,
    pub title: Option<String>,
    /// The front matter's `date:`, as written: the record's date.
    pub date: Option<String>,
}

/// Whether `text` reads as Markdown rather than as plain text that happens to hold a `#`:
/// YAML front matter, or an ATX heading with another mark of Markdown (a second heading, a
/// bold run, a link, or a list).
pub fn looks_like_markdown(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}');
    if head.starts_with("---\n") && head[4..].contains("\n---") {
        return true;
    }
    let mut headings = 0;
    let mut other = false;
    for line in text.lines().take(2_000) {
        let t = line.trim_start();
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            headings += 1;
        }
        other |= t.contains("**") || t.contains("](") || t.starts_with("* ") || t.starts_with("> ");
    }
    headings >= 2 || (headings == 1 && other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_told_from_plain_text_with_a_hash() {
        assert!(looks_like_markdown("---\ntitle: A\n---\n\nText"));
        assert!(looks_like_markdown("# Title\n\n## Section\n\n- entry"));
        assert!(looks_like_markdown("# Title\n\nSome **bold** text"));
        assert!(!looks_like_markdown("• Entry one\n• Entry #2 of the series\n"));
        assert!(!looks_like_markdown("#1 priority: peace.\nA record of progress.\n"));
        assert!(!looks_like_markdown("# One heading alone\nand plain lines\n"));
    }
}
