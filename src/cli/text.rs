//! Text the command line prints, made safe for a terminal: the one rule for everything it
//! prints. Note bodies, record text, titles and file names can hold control characters
//! (ESC starts colour and cursor sequences, OSC ones can set the window title or write to
//! the clipboard, BEL rings): printed raw, a file could take over the reader's terminal.
//!
//! - For a person ([`visible`], [`visible_lines`], [`path`]): every control character
//!   (C0, DEL, C1) and every bidirectional override or isolate is shown as an escape
//!   (`\x1b`, `\r`, `\u{9b}`, `\u{202e}`), so that it is seen, not obeyed.
//! - For a script ([`json`]): JSON as `serde_json` writes it (C0 escaped, as JSON must),
//!   with DEL, C1 and the same bidirectional characters written as `\uXXXX` too. The
//!   value read back is the same.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

/// Characters that are not shown as themselves: controls, and the bidirectional overrides
/// and isolates that reorder what follows them on the line.
fn hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn escape(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if u32::from(c) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

fn visible_keeping(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let shown = |c: char| !hidden(c) || (keep_newlines && c == '\n');
    if text.chars().all(shown) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if shown(c) {
            out.push(c);
        } else {
            escape(c, &mut out);
        }
    }
    Cow::Owned(out)
}

/// Text for one line of a terminal: every control character (line breaks and tabs too)
/// and bidirectional override shown as an escape.
pub fn visible(text: &str) -> Cow<'_, str> {
    visible_keeping(text, false)
}

/// Text of several lines for a terminal: as [`visible`], but line feeds stay.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    visible_keeping(text, true)
}

/// A path for a terminal (a file name can hold an escape sequence too).
pub fn path(p: &Path) -> String {
    visible(&p.display().to_string()).into_owned()
}

/// A value as pretty JSON for a script: JSON's own escapes for C0 (`serde_json`), and
/// `\uXXXX` for DEL, C1 and the bidirectional overrides and isolates, which JSON allows raw
/// but a terminal could obey.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    if !text.chars().any(hidden) {
        return Ok(text);
    }
    // Outside strings pretty JSON has only ASCII punctuation, digits, letters, spaces and
    // line feeds (kept), and inside them `serde_json` escapes C0: every other hidden
    // character is inside a string, where `\uXXXX` stands for it.
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) && c != '\n' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// Where a command prints: [`Console::out`] for its result (stdout), and [`Console::warn`]
/// for what the person at the terminal should know (stderr). The binary gives it the
/// process's streams; a test gives it two buffers.
pub struct Console<'a> {
    pub out: &'a mut dyn Write,
    /// Stderr, shared: a scan's progress is told from its worker threads.
    pub err: Messages<'a>,
}

impl<'a> Console<'a> {
    pub fn new(out: &'a mut dyn Write, err: &'a mut (dyn Write + Send)) -> Self {
        Self { out, err: Messages(Mutex::new(err)) }
    }

    /// A message for the person at the terminal on stderr, after `record-reader: `.
    pub fn warn(&self, message: &str) {
        self.err.warn(message);
    }
}

/// The lines a command prints on stderr, each written whole.
pub struct Messages<'a>(Mutex<&'a mut (dyn Write + Send)>);

impl Messages<'_> {
    /// A message for the person at the terminal, after `record-reader: `.
    pub fn warn(&self, message: &str) {
        self.line(&format!("record-reader: {}", visible(message)));
    }

    /// A line as it is (the caller made its text [`visible`]). A stderr that cannot be
    /// written to is not an error worth failing the command for: the result is on stdout.
    pub fn line(&self, line: &str) {
        let mut err = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = err.write_all(format!("{line}\n").as_bytes());
        let _ = err.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        let hostile = "a\u{1b}]0;title\u{7}b\u{1b}[31mred\u{9b}2J\r\tz\u{202e}cba\u{7f}";
        let shown = visible(hostile);
        assert_eq!(shown, "a\\x1b]0;title\\x07b\\x1b[31mred\\u{9b}2J\\r\\tz\\u{202e}cba\\x7f");
        assert!(!shown.chars().any(hidden));
        assert_eq!(visible_lines("one\ntwo\u{1b}"), "one\ntwo\\x1b");
        assert!(matches!(visible("plain é 🌍 text"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_reads_back_the_same_and_holds_no_control() {
        let value = serde_json::json!({"body": "x\u{1b}[2J\u{9b}\u{7f}\u{202e}\u{7}\n🌍", "k\u{85}": 1});
        let text = json(&value).unwrap();
        assert!(!text.chars().any(|c| hidden(c) && c != '\n'), "{text:?}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }
}
