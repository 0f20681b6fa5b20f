//! The notes file's own layout, written and read without serde.
//!
//! Through serde, `ron` takes about 60 ms to read 10,000 notes and 20 ms to write them; this
//! module does both in a few milliseconds. It does not replace `ron`, which stays the
//! reference:
//!
//! - [`write_file`] gives, byte for byte, what `ron::ser::to_string_pretty` gives for the
//!   file's layout (see `notes_to_ron`); a test holds it to that on hostile text.
//! - [`read_file`] reads that layout, and any RON that differs from it only in plain
//!   whitespace, field order or trailing commas. For anything else (comments, an unknown or
//!   repeated field, an escape it does not know, a bad date, a struct name) it answers
//!   `None`, and the caller reads the file with `ron`, which also decides what is an error.

use super::model::{Anchor, Note, NoteKind, TextQuote};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// A notes file as read by [`read_file`].
#[derive(Debug)]
pub struct FileParts {
    pub version: u32,
    pub doc_id: String,
    pub labels: BTreeMap<String, String>,
    pub notes: Vec<Note>,
}

/// The file's text: the layout `ron` writes with `PrettyConfig` indentor "  ", depth limit 2,
/// no struct names, strings unescaped (raw `r#"…"#` when they hold `"` or `\`).
/// Fails only on a date `time` cannot write as RFC 3339 (a year beyond 9999).
pub fn write_file(
    version: u32,
    doc_id: &str,
    labels: &BTreeMap<String, String>,
    notes: &[&Note],
) -> Result<String, time::error::Format> {
    let mut out = String::with_capacity(256 + notes.iter().map(|n| approx_len(n)).sum::<usize>());
    let _ = write!(out, "(\n  version: {version},\n  doc_id: ");
    string(&mut out, doc_id);
    out.push_str(",\n  labels: ");
    if labels.is_empty() {
        out.push_str("{}");
    } else {
        out.push_str("{\n");
        for (k, v) in labels {
            out.push_str("    ");
            string(&mut out, k);
            out.push_str(": ");
            string(&mut out, v);
            out.push_str(",\n");
        }
        out.push_str("  }");
    }
    out.push_str(",\n  notes: ");
    if notes.is_empty() {
        out.push_str("[]");
    } else {
        out.push_str("[\n");
        // A long list is written in two halves on two threads.
        let half = if notes.len() >= SPLIT_FROM_NOTES { notes.len() / 2 } else { notes.len() };
        let (first, second) = notes.split_at(half);
        let second_text = std::thread::scope(|scope| {
            let handle = (!second.is_empty()).then(|| scope.spawn(|| note_lines(second)));
            note_lines_into(&mut out, first)?;
            match handle.map(|h| h.join()) {
                Some(Ok(text)) => text,
                Some(Err(_)) => note_lines(second), // the thread panicked: write that half here
                None => Ok(String::new()),
            }
        })?;
        out.push_str(&second_text);
        out.push_str("  ]");
    }
    out.push_str(",\n)");
    Ok(out)
}

/// Lists from this many notes on are written on two threads.
const SPLIT_FROM_NOTES: usize = 2_000;

/// One line per note.
fn note_lines(notes: &[&Note]) -> Result<String, time::error::Format> {
    let mut out = String::with_capacity(notes.iter().map(|n| approx_len(n)).sum());
    note_lines_into(&mut out, notes)?;
    Ok(out)
}

fn note_lines_into(out: &mut String, notes: &[&Note]) -> Result<(), time::error::Format> {
    for n in notes {
        out.push_str("    ");
        note(out, n)?;
        out.push_str(",\n");
    }
    Ok(())
}

fn approx_len(n: &Note) -> usize {
    let q = &n.anchor.quote;
    300 + n.body.len()
        + q.exact.len()
        + q.prefix.len()
        + q.suffix.len()
        + n.tags.iter().map(|t| t.len() + 4).sum::<usize>()
}

/// One note record as it is written in the file.
pub fn write_note(n: &Note) -> Result<String, time::error::Format> {
    let mut out = String::with_capacity(approx_len(n));
    note(&mut out, n)?;
    Ok(out)
}

fn note(out: &mut String, n: &Note) -> Result<(), time::error::Format> {
    let _ = write!(out, "(id: \"{}\", kind: ", n.id.hyphenated());
    out.push_str(match n.kind {
        NoteKind::EntryNote => "EntryNote",
        NoteKind::Highlight => "Highlight",
    });
    let a = &n.anchor;
    out.push_str(", anchor: (doc_id: ");
    string(out, &a.doc_id);
    out.push_str(", doc_rev: ");
    string(out, &a.doc_rev);
    out.push_str(", entry_id: ");
    string(out, &a.entry_id);
    out.push_str(", quote: (exact: ");
    string(out, &a.quote.exact);
    if !a.quote.prefix.is_empty() {
        out.push_str(", prefix: ");
        string(out, &a.quote.prefix);
    }
    if !a.quote.suffix.is_empty() {
        out.push_str(", suffix: ");
        string(out, &a.quote.suffix);
    }
    let _ = write!(out, "), start: {}, end: {}", a.start, a.end);
    if let Some(rev) = &a.unplaced_on {
        out.push_str(", unplaced_on: Some(");
        string(out, rev);
        out.push(')');
    }
    out.push_str("), body: ");
    string(out, &n.body);
    if !n.tags.is_empty() {
        out.push_str(", tags: [");
        for (i, t) in n.tags.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            string(out, t);
        }
        out.push(']');
    }
    out.push_str(", color: ");
    string(out, &n.color);
    out.push_str(", created: ");
    date(out, n.created)?;
    out.push_str(", modified: ");
    date(out, n.modified)?;
    if let Some(d) = n.deleted {
        out.push_str(", deleted: Some(");
        date(out, d)?;
        out.push(')');
    }
    // Fields a newer version wrote, as they were read (RON text).
    for (name, value) in &n.extra {
        let _ = write!(out, ", {name}: {value}");
    }
    out.push(')');
    Ok(())
}

fn date(out: &mut String, t: OffsetDateTime) -> Result<(), time::error::Format> {
    out.push('"');
    out.push_str(&t.format(&Rfc3339)?);
    out.push('"');
    Ok(())
}

/// A string as `ron` writes it unescaped: quoted, or raw with one `#` more than the longest
/// run of `#` inside when it holds a quote or a backslash.
fn string(out: &mut String, s: &str) {
    if memchr::memchr2(b'"', b'\\', s.as_bytes()).is_none() {
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut longest = 0;
    let mut run = 0;
    for b in s.bytes() {
        run = if b == b'#' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let hashes = "#".repeat(longest + 1);
    out.push('r');
    out.push_str(&hashes);
    out.push('"');
    out.push_str(s);
    out.push('"');
    out.push_str(&hashes);
}

/// Reads a notes file written in the layout above; `None` when the text is anything else
/// (the caller then reads it with `ron`).
pub fn read_file(text: &str) -> Option<FileParts> {
    let mut p = Parser { s: text, i: 0 };
    let mut version = None;
    let mut doc_id = None;
    let mut labels = None;
    let mut notes = None;
    p.fields(|p, name| match name {
        "version" => set(&mut version, p.uint()?),
        "doc_id" => set(&mut doc_id, p.string()?),
        "labels" => set(&mut labels, p.map()?),
        "notes" => set(&mut notes, p.notes()?),
        _ => None,
    })?;
    p.end()?;
    Some(FileParts {
        version: version?,
        doc_id: doc_id.unwrap_or_default(),
        labels: labels.unwrap_or_default(),
        notes: notes.unwrap_or_default(),
    })
}

/// Fills a field once: a field given twice is not this layout (serde refuses it).
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.s.as_bytes()
    }

    /// Skips plain whitespace. Comments and Unicode spaces, which RON also allows, are left
    /// for `ron`.
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes().get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.bytes().get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.i += 1;
        }
        found
    }

    /// Only whitespace left.
    fn end(&mut self) -> Option<()> {
        self.ws();
        (self.i == self.s.len()).then_some(())
    }

    fn ident(&mut self) -> Option<&'a str> {
        self.ws();
        let b = self.bytes();
        let start = self.i;
        if !b.get(start).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') {
            return None;
        }
        let len = b[start..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
        // A raw identifier or string, or a non-ASCII identifier: not this layout.
        if matches!(b.get(start + len), Some(b'#' | b'"')) || b.get(start + len).is_some_and(|c| !c.is_ascii()) {
            return None;
        }
        self.i = start + len;
        Some(&self.s[start..start + len])
    }

    /// `( name: value, … )`, each field handed to `field` (which answers `None` for a name it
    /// does not know).
    fn fields(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        if !self.eat(b'(') {
            return None;
        }
        loop {
            if self.eat(b')') {
                return Some(());
            }
            let name = self.ident()?;
            if !self.eat(b':') {
                return None;
            }
            field(self, name)?;
            if !self.eat(b',') {
                return self.eat(b')').then_some(());
            }
        }
    }

    /// The list of notes. A long list in this program's layout (one note per line) is read
    /// in two halves on two threads. The split is at a line that starts a note; if it falls
    /// inside a string instead (a body with a line that looks like a note), the first half
    /// cannot end with a complete note (that string is not closed before the split), and the
    /// list is read again in one piece.
    fn notes(&mut self) -> Option<Vec<Note>> {
        const SPLIT_FROM_BYTES: usize = 256 * 1024;
        const NOTE_LINE: &[u8] = b"\n    (id: ";
        self.ws();
        let start = self.i;
        let rest = &self.bytes()[start..];
        if rest.len() >= SPLIT_FROM_BYTES && rest.first() == Some(&b'[') {
            let mid = rest.len() / 2;
            if let Some(at) = memchr::memmem::find(&rest[mid..], NOTE_LINE) {
                let split = start + mid + at;
                let mut first = Parser { s: &self.s[..split], i: start + 1 };
                let mut second = Parser { s: self.s, i: split };
                let (a, b) = std::thread::scope(|scope| {
                    let b = scope.spawn(move || second.list_rest(Parser::note).map(|v| (v, second.i)));
                    (first.complete_items(Parser::note), b.join().ok().flatten())
                });
                if let (Some(mut a), Some((b, end))) = (a, b) {
                    a.extend(b);
                    self.i = end;
                    return Some(a);
                }
            }
        }
        self.i = start;
        self.list(Parser::note)
    }

    /// Items each followed by a comma, up to the end of the text (the first half of a split list).
    fn complete_items<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut out = Vec::with_capacity(self.s.len().saturating_sub(self.i) / 400);
        loop {
            out.push(item(self)?);
            if !self.eat(b',') {
                return None;
            }
            self.ws();
            if self.i == self.s.len() {
                return Some(out);
            }
        }
    }

    /// `[ item, … ]`.
    fn list<T>(&mut self, item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        if !self.eat(b'[') {
            return None;
        }
        self.list_rest(item)
    }

    /// The rest of a list, after its `[`.
    fn list_rest<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut out = Vec::new();
        loop {
            if self.eat(b']') {
                return Some(out);
            }
            out.push(item(self)?);
            if !self.eat(b',') {
                return self.eat(b']').then_some(out);
            }
        }
    }

    /// `{ "key": "value", … }`; a repeated key keeps the last value, as serde does.
    fn map(&mut self) -> Option<BTreeMap<String, String>> {
        if !self.eat(b'{') {
            return None;
        }
        let mut out = BTreeMap::new();
        loop {
            if self.eat(b'}') {
                return Some(out);
            }
            let k = self.string()?;
            if !self.eat(b':') {
                return None;
            }
            out.insert(k, self.string()?);
            if !self.eat(b',') {
                return self.eat(b'}').then_some(out);
            }
        }
    }

    /// A decimal number without sign, suffix, underscores or leading zeros.
    fn uint<T: TryFrom<u64>>(&mut self) -> Option<T> {
        self.ws();
        let b = self.bytes();
        let start = self.i;
        let len = b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        let end = start + len;
        let ends_cleanly = matches!(b.get(end), None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b')' | b']' | b'}'));
        if len == 0 || (len > 1 && b[start] == b'0') || !ends_cleanly {
            return None;
        }
        self.i = end;
        T::try_from(self.s[start..end].parse::<u64>().ok()?).ok()
    }

    /// A quoted string (with the escapes RON writes) or a raw one.
    fn string(&mut self) -> Option<String> {
        match self.peek()? {
            b'"' => {
                self.i += 1;
                self.quoted()
            }
            b'r' => {
                self.i += 1;
                self.raw()
            }
            _ => None,
        }
    }

    fn quoted(&mut self) -> Option<String> {
        let b = self.bytes();
        let mut out = String::new();
        loop {
            let at = self.i + memchr::memchr2(b'"', b'\\', &b[self.i..])?;
            out.push_str(&self.s[self.i..at]);
            self.i = at + 1;
            if b[at] == b'"' {
                return Some(out);
            }
            let c = match *b.get(self.i)? {
                b'\'' => '\'',
                b'"' => '"',
                b'\\' => '\\',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'0' => '\0',
                b'u' => {
                    // \u{1 to 6 hex digits}
                    if b.get(self.i + 1) != Some(&b'{') {
                        return None;
                    }
                    let digits = b[self.i + 2..].iter().take(7).take_while(|c| c.is_ascii_hexdigit()).count();
                    if !(1..=6).contains(&digits) || b.get(self.i + 2 + digits) != Some(&b'}') {
                        return None;
                    }
                    let code = u32::from_str_radix(&self.s[self.i + 2..self.i + 2 + digits], 16).ok()?;
                    self.i += 2 + digits; // now at '}'
                    char::from_u32(code)?
                }
                // \x bytes and line continuations: left to `ron`.
                _ => return None,
            };
            out.push(c);
            self.i += 1;
        }
    }

    /// After the `r`: `#`s, a quote, the text, a quote and the same `#`s.
    fn raw(&mut self) -> Option<String> {
        let b = self.bytes();
        let hashes = b[self.i..].iter().take_while(|c| **c == b'#').count();
        self.i += hashes;
        if b.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let rest = &self.s[self.i..];
        let mut from = 0;
        let len = loop {
            let q = from + memchr::memchr(b'"', &rest.as_bytes()[from..])?;
            if rest.as_bytes()[q + 1..].iter().take(hashes).filter(|c| **c == b'#').count() == hashes {
                break q;
            }
            from = q + 1;
        };
        self.i += len + 1 + hashes;
        Some(rest[..len].to_owned())
    }

    fn date(&mut self) -> Option<OffsetDateTime> {
        OffsetDateTime::parse(&self.string()?, &Rfc3339).ok()
    }

    /// `None` or `Some(value)`; the outer `None` means "not this layout".
    fn option<T>(&mut self, value: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.ident()? {
            "None" => Some(None),
            "Some" if self.eat(b'(') => {
                let v = value(self)?;
                self.eat(b')').then_some(Some(v))
            }
            _ => None,
        }
    }

    fn note(&mut self) -> Option<Note> {
        let (mut id, mut kind, mut anchor, mut body, mut tags, mut color) = (None, None, None, None, None, None);
        let (mut created, mut modified, mut deleted) = (None, None, None);
        self.fields(|p, name| match name {
            "id" => set(&mut id, Uuid::try_parse(&p.string()?).ok()?),
            "kind" => set(
                &mut kind,
                match p.ident()? {
                    "EntryNote" => NoteKind::EntryNote,
                    "Highlight" => NoteKind::Highlight,
                    _ => return None,
                },
            ),
            "anchor" => set(&mut anchor, p.anchor()?),
            "body" => set(&mut body, p.string()?),
            "tags" => set(&mut tags, p.list(Parser::string)?),
            "color" => set(&mut color, p.string()?),
            "created" => set(&mut created, p.date()?),
            "modified" => set(&mut modified, p.date()?),
            "deleted" => set(&mut deleted, p.option(Parser::date)?),
            _ => None,
        })?;
        Some(Note {
            id: id?,
            kind: kind?,
            anchor: anchor?,
            body: body.unwrap_or_default(),
            tags: tags.unwrap_or_default(),
            color: color.unwrap_or_else(super::model::default_color),
            created: created?,
            modified: modified?,
            deleted: deleted.flatten(),
            extra: Vec::new(),
        })
    }

    fn anchor(&mut self) -> Option<Anchor> {
        let (mut doc_id, mut doc_rev, mut entry_id, mut quote, mut start, mut end) =
            (None, None, None, None, None, None);
        let mut unplaced_on = None;
        self.fields(|p, name| match name {
            "doc_id" => set(&mut doc_id, p.string()?),
            "doc_rev" => set(&mut doc_rev, p.string()?),
            "entry_id" => set(&mut entry_id, p.string()?),
            "quote" => set(&mut quote, p.quote()?),
            "start" => set(&mut start, p.uint()?),
            "end" => set(&mut end, p.uint()?),
            "unplaced_on" => set(&mut unplaced_on, p.option(Parser::string)?),
            _ => None,
        })?;
        Some(Anchor {
            doc_id: doc_id?,
            doc_rev: doc_rev?,
            entry_id: entry_id?,
            quote: quote?,
            start: start?,
            end: end?,
            unplaced_on: unplaced_on.flatten(),
        })
    }

    fn quote(&mut self) -> Option<TextQuote> {
        let (mut exact, mut prefix, mut suffix) = (None, None, None);
        self.fields(|p, name| match name {
            "exact" => set(&mut exact, p.string()?),
            "prefix" => set(&mut prefix, p.string()?),
            "suffix" => set(&mut suffix, p.string()?),
            _ => None,
        })?;
        Some(TextQuote { exact: exact?, prefix: prefix.unwrap_or_default(), suffix: suffix.unwrap_or_default() })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::core::notes::store::{FileIn, VERSION, notes_to_ron, notes_to_ron_with_serde};
    use time::macros::datetime;

    /// Text that has broken RON writers: quotes, backslashes, `"#` runs, line breaks,
    /// control characters, right-to-left text, emoji, a lone `r`.
    const HOSTILE: [&str; 14] = [
        "",
        "plain",
        "say \"no\"",
        r"C:\path\to",
        "\"#",
        "a \"## b \\ c ###",
        "line one\nline two\r\nthree",
        "tab\there\0nul \u{7}\u{1b}[0m",
        "\u{200b}zero\u{feff}width\u{85}",
        "שלום عليكم",
        "🙂👩‍👩‍👧 ✓",
        "r",
        "'single' and \\'",
        "#",
    ];

    fn sample_notes(seed: u64, count: usize) -> Vec<Note> {
        let mut rng = fastrand::Rng::with_seed(seed);
        let pick = |rng: &mut fastrand::Rng| HOSTILE[rng.usize(..HOSTILE.len())].to_owned();
        let dates = [
            datetime!(2026-01-04 09:01:00 UTC),
            datetime!(1999-12-31 23:59:59.123456 UTC),
            datetime!(2026-06-01 12:00:00.5 +02:00),
            datetime!(2030-02-28 00:00:00 -05:30),
        ];
        (0..count)
            .map(|i| Note {
                id: Uuid::from_u64_pair(rng.u64(..), i as u64),
                kind: if rng.bool() { NoteKind::EntryNote } else { NoteKind::Highlight },
                anchor: Anchor {
                    doc_id: "doc-0123456789abcdef".to_owned(),
                    doc_rev: pick(&mut rng),
                    entry_id: format!("e-{i:012x}"),
                    quote: TextQuote { exact: pick(&mut rng), prefix: pick(&mut rng), suffix: pick(&mut rng) },
                    start: rng.usize(..1000),
                    end: rng.usize(..usize::MAX),
                    unplaced_on: rng.bool().then(|| pick(&mut rng)),
                },
                body: pick(&mut rng),
                tags: (0..rng.usize(..3)).map(|_| pick(&mut rng)).collect(),
                color: pick(&mut rng),
                created: dates[rng.usize(..dates.len())],
                modified: dates[rng.usize(..dates.len())],
                deleted: rng.bool().then(|| dates[rng.usize(..dates.len())]),
                extra: Vec::new(),
            })
            .collect()
    }

    fn labels(n: usize) -> BTreeMap<String, String> {
        HOSTILE.iter().take(n).enumerate().map(|(i, s)| (format!("{s}{i}"), (*s).to_owned())).collect()
    }

    fn by_ron(text: &str) -> FileIn<Note> {
        ron::from_str::<FileIn<Note>>(text).unwrap()
    }

    fn same(a: &FileParts, b: &FileIn<Note>) -> bool {
        a.version == b.version && a.doc_id == b.doc_id && a.labels == b.labels && a.notes == b.notes
    }

    #[test]
    fn writes_byte_for_byte_what_ron_writes() {
        for (seed, count, n_labels) in
            [(1, 0, 0), (2, 1, 1), (3, 40, 0), (4, 300, HOSTILE.len()), (5, 2 * SPLIT_FROM_NOTES + 1, 3)]
        {
            let notes = sample_notes(seed, count);
            let labels = labels(n_labels);
            let mine = notes_to_ron("doc-\"x\"", &labels, notes.iter().collect()).unwrap();
            let theirs = notes_to_ron_with_serde("doc-\"x\"", &labels, notes.iter().collect()).unwrap();
            if let Some(at) = mine.bytes().zip(theirs.bytes()).position(|(a, b)| a != b) {
                let from = at.saturating_sub(80);
                panic!("seed {seed}: byte {at} differs\nmine:   {:?}\ntheirs: {:?}", &mine[from..], &theirs[from..]);
            }
            assert_eq!(mine.len(), theirs.len(), "seed {seed}");
        }
    }

    #[test]
    fn reads_what_ron_reads_in_every_layout_ron_writes() {
        let notes = sample_notes(7, 200);
        let labels = labels(5);
        let refs: Vec<&Note> = notes.iter().collect();
        let file = notes_to_ron_with_serde("doc-a", &labels, refs.clone()).unwrap();
        // The file's own layout, the escaped layout of older files, and compact RON.
        #[derive(serde::Serialize)]
        struct Out<'a> {
            version: u32,
            doc_id: &'a str,
            labels: &'a BTreeMap<String, String>,
            notes: &'a [&'a Note],
        }
        let out = Out { version: VERSION, doc_id: "doc-a", labels: &labels, notes: &refs };
        let escaped = ron::ser::to_string_pretty(&out, ron::ser::PrettyConfig::new().struct_names(false)).unwrap();
        let compact = ron::to_string(&out).unwrap();
        for text in [file, escaped, compact] {
            let mine = read_file(&text).expect("a layout ron writes");
            assert!(same(&mine, &by_ron(&text)));
            assert_eq!(mine.notes.len(), 200);
        }
    }

    #[test]
    fn a_long_list_read_in_two_halves_is_the_list_ron_reads() {
        let mut notes = sample_notes(21, 3000);
        let plain = notes_to_ron_with_serde("doc-a", &labels(2), notes.iter().collect()).unwrap();
        assert!(plain.len() > 512 * 1024, "long enough to be split: {} bytes", plain.len());
        // Bodies with lines that look like notes, so that the split may fall inside a string.
        let fake = plain.lines().find(|l| l.starts_with("    (id: ")).unwrap().to_owned();
        for n in &mut notes {
            n.body = format!("{fake}\n{fake}\n{fake}\n{fake}\n    (id: \"{}\"", n.body);
        }
        let trapped = notes_to_ron_with_serde("doc-a", &labels(2), notes.iter().collect()).unwrap();
        // Where the list is split, and whether its first half ends with a whole note.
        let first_half_reads = |text: &str| {
            let start = text.find("notes: [").unwrap() + "notes: ".len();
            let mid = (text.len() - start) / 2;
            let split = start + mid + text[start + mid..].find("\n    (id: ").unwrap();
            Parser { s: &text[..split], i: start + 1 }.complete_items(Parser::note).is_some()
        };
        assert!(first_half_reads(&plain));
        assert!(!first_half_reads(&trapped), "the split should fall inside a body");
        for text in [plain, trapped] {
            let mine = read_file(&text).expect("this program's layout");
            assert_eq!(mine.notes.len(), 3000);
            assert!(same(&mine, &by_ron(&text)));
        }
    }

    #[test]
    fn anything_else_is_left_to_ron() {
        let text = notes_to_ron_with_serde("doc-a", &labels(2), sample_notes(9, 3).iter().collect()).unwrap();
        let first_note = text.find("(id:").unwrap();
        let variants = [
            text.replacen("(\n", "// a comment\n(\n", 1),
            text.replacen("(\n", "#![enable(implicit_some)]\n(\n", 1),
            text.replacen("version: 1", "version: 0x1", 1),
            text.replacen("version: 1", "version: 01", 1),
            text.replacen("version: 1", "version: 1u32", 1),
            text.replacen("doc_id:", "future_field: 3,\n  doc_id:", 1),
            text.replacen("doc_id:", "version: 1,\n  doc_id:", 1),
            format!("{}Note{}", &text[..first_note], &text[first_note..]),
            text.replacen("kind: ", "kind: Other, color: \"x\", kind: ", 1),
            text.replacen("created: \"", "created: \"not a date", 1),
            text.replacen("body: ", "body: \"\\x41\", tags: [], color: ", 1),
            text.replacen(")\n", ") trailing\n", 1) + " x",
            text.replacen("(id: \"", "(id: \"zz", 1),
        ];
        for (i, v) in variants.iter().enumerate() {
            assert!(read_file(v).is_none(), "variant {i} was read by hand:\n{v}");
        }
        // The comment is still read, by ron.
        assert_eq!(by_ron(&variants[0]).notes.len(), 3);
    }

    #[test]
    fn damaged_files_are_read_by_hand_only_as_ron_reads_them() {
        let text = notes_to_ron_with_serde("doc-a", &labels(3), sample_notes(11, 12).iter().collect()).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let inserts = ['"', '\\', '#', ',', ')', '(', '[', ']', '{', ':', ' ', '\n', 'r', '0', 'x', 'é', '/'];
        let mut rng = fastrand::Rng::with_seed(3);
        let mut read_by_hand = 0;
        for _ in 0..3000 {
            let mut v = chars.clone();
            for _ in 0..rng.usize(1..4) {
                let at = rng.usize(..v.len());
                match rng.u8(..3) {
                    0 => {
                        v.remove(at);
                    }
                    1 => v.insert(at, inserts[rng.usize(..inserts.len())]),
                    _ => v[at] = inserts[rng.usize(..inserts.len())],
                }
            }
            let v: String = v.into_iter().collect();
            if let Some(mine) = read_file(&v) {
                read_by_hand += 1;
                let theirs = ron::from_str::<FileIn<Note>>(&v);
                assert!(theirs.as_ref().is_ok_and(|t| same(&mine, t)), "differs from ron on:\n{v}\n{theirs:?}");
            }
        }
        assert!(read_by_hand > 100, "only {read_by_hand} damaged files were read by hand");
    }
}
