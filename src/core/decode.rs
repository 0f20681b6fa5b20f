//! Bytes to clean text: encoding detection, mojibake repair, saved HTML pages.

use crate::core::error::DocumentError;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::borrow::Cow;

/// The largest document Record Reader opens. A 100,000-entry record is about 30 MB.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// What [`decode`] found out about the bytes it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding the bytes were read as, e.g. "UTF-8" or "windows-1252".
    pub encoding: &'static str,
    /// True when the bytes were an HTML page and `text` is its visible text.
    pub was_html: bool,
    /// True when the bytes were Markdown and `text` is its text without the marks (the
    /// title is then in `html_title`).
    pub was_markdown: bool,
    /// The HTML `<title>`, when there was one.
    pub html_title: Option<String>,
    /// The page's own web address, when it gives one ([`crate::core::blocks::Page::url`]).
    pub html_url: Option<String>,
    /// The page's own date, when its `<meta>` gives one.
    pub html_date: Option<crate::core::dates::PartialDate>,
    /// The date a Markdown copy's front matter gives (`date:`), as written.
    pub front_matter_date: Option<String>,
    /// The page read into blocks, for a format whose structure is kept (Markdown, saved
    /// pages): the record is assembled from them, not from `text` (their text).
    pub blocks: Option<crate::core::blocks::Page>,
    /// What the reader should be told about the reading, e.g. that a few bytes were not
    /// valid UTF-8 and were replaced with U+FFFD.
    pub warnings: Vec<String>,
}

/// Turns the bytes of a file into text a person can read.
///
/// Handles byte-order marks (UTF-8, UTF-16), UTF-16 without a BOM, legacy single-byte
/// encodings (detected with `chardetng`), text that was already garbled once
/// ("â€¢" for "•"), and saved HTML pages.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DocumentError> {
    decode_cow(Cow::Borrowed(bytes), false, Charset::Detect)
}

/// [`decode`], taking the bytes: UTF-8 without a BOM (the usual file) becomes the text
/// without being copied.
pub fn decode_vec(bytes: Vec<u8>) -> Result<Decoded, DocumentError> {
    decode_cow(Cow::Owned(bytes), false, Charset::Detect)
}

/// [`decode`] of a file with this name (its bytes borrowed or owned): a `.md` or `.markdown` file is read as Markdown
/// even when its text alone would not say so (a fact sheet of bold lines and lists, with no
/// front matter or `#` heading).
pub fn decode_named(bytes: Cow<'_, [u8]>, name: Option<&str>) -> Result<Decoded, DocumentError> {
    decode_cow(bytes, markdown_by_name(name), Charset::Detect)
}

/// Whether a file of this name is Markdown by its extension (`.md`, `.markdown`).
fn markdown_by_name(name: Option<&str>) -> bool {
    name.and_then(|n| n.rsplit_once('.'))
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown"))
}

/// [`decode_named`] of bytes that came with a declared charset: a page fetched from the web
/// with its HTTP `Content-Type` header (`content_type`, as sent; `None` when there was none),
/// or its copy opened with that header kept beside it ([`crate::core::details`]).
///
/// Which charset the bytes are read in:
/// 1. a byte-order mark wins;
/// 2. else the header's `charset=`;
/// 3. else the page's own `<meta charset="…">` or `<meta http-equiv="Content-Type"
///    content="…; charset=…">`, looked for in its first [`META_PRESCAN_BYTES`] only;
/// 4. else the bytes alone, as for a file ([`decode`]).
///
/// A declared charset the bytes contradict is not believed (the next step decides, and a
/// warning says so): UTF-8 declared on bytes that are not UTF-8 (more broken bytes than the
/// few a UTF-8 text may have, see `Utf8Count::is_utf8_with_a_few_errors`); any other charset
/// declared on bytes that are valid UTF-8 with multi-byte characters (a page converted to
/// UTF-8 whose header or `<meta>` still names windows-1252); a multi-byte legacy charset
/// (`Shift_JIS`, GBK …) that the bytes break; UTF-16 declared on bytes that are not UTF-16. So
/// a wrong `charset=utf-8` header on a windows-1252 page with a right `<meta>` reads right.
pub fn decode_declared(
    bytes: Cow<'_, [u8]>,
    name: Option<&str>,
    content_type: Option<&str>,
) -> Result<Decoded, DocumentError> {
    decode_cow(bytes, markdown_by_name(name), Charset::Declared(content_type))
}

/// How many bytes of a page are looked through for its `<meta>` charset.
pub const META_PRESCAN_BYTES: usize = 4096;

/// How the bytes' charset is found.
#[derive(Debug, Clone, Copy)]
enum Charset<'a> {
    /// By the bytes alone (a file).
    Detect,
    /// By what the page declares first, with this `Content-Type` header ([`decode_declared`]).
    Declared(Option<&'a str>),
}

fn decode_cow(bytes: Cow<'_, [u8]>, markdown_by_name: bool, charset: Charset<'_>) -> Result<Decoded, DocumentError> {
    let len = bytes.len() as u64;
    if len > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge { bytes: len, limit: MAX_DOCUMENT_BYTES });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DocumentError::Empty);
    }
    let mut warnings = Vec::new();
    let (encoding, text) = to_text(bytes, charset, &mut warnings);
    if looks_binary(&text) {
        return Err(DocumentError::Binary);
    }
    let text = repair_mojibake(text);
    // A saved page's visible text, or a Markdown copy's text without its marks.
    let was_html = looks_like_html(&text);
    let was_markdown = !was_html && (markdown_by_name || crate::core::markdown::looks_like_markdown(&text));
    let (text, html_title, html_url, html_date, front_matter_date, blocks) = if was_html {
        let page = crate::core::blocks::html::read(&text);
        (page.text(), page.head_title.clone(), page.url.clone(), page.date, None, Some(page))
    } else if was_markdown {
        let page = crate::core::blocks::markdown::read(&text);
        (page.text(), page.title.clone(), page.url.clone(), page.date, None, Some(page))
    } else {
        (text, None, None, None, None, None)
    };
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        was_html,
        was_markdown,
        html_title,
        html_url,
        html_date,
        front_matter_date,
        blocks,
        warnings,
    })
}

/// The bytes as text, and the encoding they were read in (see [`decode_declared`] for a
/// declared charset; else a byte-order mark, else UTF-8 when the bytes are UTF-8 or nearly,
/// else a legacy encoding detected).
fn to_text(bytes: Cow<'_, [u8]>, charset: Charset<'_>, warnings: &mut Vec<String>) -> (&'static Encoding, String) {
    if let Charset::Declared(content_type) = charset
        && let Some(encoding) = believed_declaration(&bytes, content_type, warnings)
    {
        return (encoding, read_as(&bytes, encoding, warnings));
    }
    if let Some((encoding, bom_len)) = sniff_marked(&bytes) {
        return (encoding, read_as(&bytes[bom_len..], encoding, warnings));
    }
    // Unmarked: UTF-8 when the bytes are valid UTF-8 (checked once, and not copied when they
    // are owned), or UTF-8 but for a few broken bytes; else a legacy encoding.
    match utf8_text(bytes) {
        Ok(text) => (UTF_8, text),
        Err(bytes) => {
            let count = Utf8Count::of(&bytes);
            if count.is_utf8_with_a_few_errors(bytes.len()) {
                warnings.push(replaced_warning(Some(count.broken_bytes), UTF_8));
                (UTF_8, String::from_utf8_lossy(&bytes).into_owned())
            } else {
                let encoding = sniff_legacy(&bytes);
                (encoding, read_as(&bytes, encoding, warnings))
            }
        }
    }
}

/// `bytes` (with no byte-order mark) read in `encoding`; a warning when some bytes are not
/// valid in it (replaced with U+FFFD).
fn read_as(bytes: &[u8], encoding: &'static Encoding, warnings: &mut Vec<String>) -> String {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        let broken = (encoding == UTF_8).then(|| Utf8Count::of(bytes).broken_bytes);
        warnings.push(replaced_warning(broken, encoding));
    }
    text.into_owned()
}

/// The charset the page declares that its bytes do not contradict: the header's, else its
/// `<meta>`'s; `None` when there is a byte-order mark (it wins), no declaration, or none
/// believed (each one not believed is told in `warnings`). The rule is [`decode_declared`]'s.
fn believed_declaration(
    bytes: &[u8],
    content_type: Option<&str>,
    warnings: &mut Vec<String>,
) -> Option<&'static Encoding> {
    if Encoding::for_bom(bytes).is_some() {
        return None;
    }
    if let Some(encoding) = content_type.and_then(header_charset) {
        if fits(encoding, bytes) {
            return Some(encoding);
        }
        warnings.push(format!(
            "the server says the page is in {}, but its bytes are not; that was not followed",
            encoding.name()
        ));
    }
    let encoding = meta_charset(&bytes[..bytes.len().min(META_PRESCAN_BYTES)])?;
    if fits(encoding, bytes) {
        return Some(encoding);
    }
    warnings.push(format!(
        "the page says in its <meta> that it is in {}, but its bytes are not; that was not followed",
        encoding.name()
    ));
    None
}

/// The charset of a `Content-Type` header ("text/html; charset=ISO-8859-1"), when it names
/// one that is known.
fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (key, value) = parameter.split_once('=')?;
        let value = value.trim().trim_matches(['"', '\'']);
        key.trim().eq_ignore_ascii_case("charset").then(|| Encoding::for_label(value.as_bytes())).flatten()
    })
}

/// The charset a page names in a `<meta>` tag of `head` (its first bytes): `<meta
/// charset="windows-1252">`, or `<meta http-equiv="Content-Type" content="text/html;
/// charset=windows-1252">`: the first `charset=` inside a `<meta …>` that names a known
/// charset. UTF-16 named there is UTF-8, as browsers read it (a page that could say so in
/// ASCII is not UTF-16).
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = memchr::memmem::find(&lower[at..], b"<meta") {
        let start = at + found + b"<meta".len();
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        at = end;
        let tag = &lower[start..end];
        let Some(c) = memchr::memmem::find(tag, b"charset") else { continue };
        let Some(value) = tag[c + b"charset".len()..].trim_ascii_start().strip_prefix(b"=") else { continue };
        let value = value.trim_ascii_start();
        let value = value.strip_prefix(b"\"").or_else(|| value.strip_prefix(b"'")).unwrap_or(value);
        let len = value
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | b';' | b'/') || b.is_ascii_whitespace())
            .unwrap_or(value.len());
        if let Some(encoding) = Encoding::for_label(&value[..len]) {
            return Some(if encoding == UTF_16LE || encoding == UTF_16BE { UTF_8 } else { encoding });
        }
    }
    None
}

/// Whether `bytes` (with no byte-order mark) may be in `encoding`, by
/// [`decode_declared`]'s rule.
fn fits(encoding: &'static Encoding, bytes: &[u8]) -> bool {
    if encoding == UTF_8 {
        let count = Utf8Count::of(bytes);
        return count.broken == 0 || count.is_utf8_with_a_few_errors(bytes.len());
    }
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return sniff_marked(bytes).is_some_and(|(e, _)| e == encoding);
    }
    if encoding == encoding_rs::REPLACEMENT || std::str::from_utf8(bytes).is_ok_and(|s| !s.is_ascii()) {
        return false;
    }
    encoding.is_single_byte() || encoding.decode_without_bom_handling_and_without_replacement(bytes).is_some()
}

/// How much of some bytes reads as UTF-8.
#[derive(Debug, Default, PartialEq)]
struct Utf8Count {
    /// Well-formed characters of two to four bytes.
    multibyte: usize,
    /// Broken sequences: each becomes one U+FFFD.
    broken: usize,
    broken_bytes: usize,
}

impl Utf8Count {
    fn of(bytes: &[u8]) -> Self {
        let mut count = Self::default();
        for chunk in bytes.utf8_chunks() {
            // A lead byte starts each multi-byte character.
            count.multibyte += chunk.valid().bytes().filter(|b| *b >= 0xC0).count();
            if !chunk.invalid().is_empty() {
                count.broken += 1;
                count.broken_bytes += chunk.invalid().len();
            }
        }
        count
    }

    /// UTF-8 with a few broken bytes (a stray byte from another encoding, a file cut off in
    /// the middle of a character), rather than a legacy encoding: at most one broken sequence
    /// in 1,000 bytes (any 3 in a short text), and at least four well-formed multi-byte
    /// characters for each. In text of a legacy encoding, nearly every byte above 127 breaks
    /// UTF-8, and well-formed sequences happen only by chance; text that is ASCII but for a
    /// few such bytes shows no sign of UTF-8, and stays read as Windows-1252.
    fn is_utf8_with_a_few_errors(&self, len: usize) -> bool {
        self.broken > 0 && self.broken <= (len / 1000).max(3) && self.multibyte >= 4 * self.broken
    }
}

/// The warning for bytes replaced with U+FFFD: how many, when it is known.
fn replaced_warning(broken_bytes: Option<usize>, encoding: &'static Encoding) -> String {
    let name = encoding.name();
    match broken_bytes {
        Some(1) => format!("1 byte that is not valid {name} was replaced with �"),
        Some(n) => format!("{n} bytes that are not valid {name} were replaced with �"),
        None => format!("some bytes that are not valid {name} were replaced with �"),
    }
}

/// Valid UTF-8 as a string, or the bytes back.
fn utf8_text(bytes: Cow<'_, [u8]>) -> Result<String, Cow<'_, [u8]>> {
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b).map(str::to_owned).map_err(|_| Cow::Borrowed(b)),
        Cow::Owned(v) => String::from_utf8(v).map_err(|e| Cow::Owned(e.into_bytes())),
    }
}

/// An encoding the bytes mark themselves: a byte-order mark (with its length), or UTF-16
/// without one.
fn sniff_marked(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return Some((enc, bom_len));
    }
    // UTF-16 without a BOM: every other byte of ASCII text is zero.
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() >= 4 {
        let even_zero = sample.iter().step_by(2).filter(|b| **b == 0).count();
        let odd_zero = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let half = sample.len() / 2;
        if odd_zero * 10 > half * 7 && even_zero * 10 < half {
            return Some((UTF_16LE, 0));
        }
        if even_zero * 10 > half * 7 && odd_zero * 10 < half {
            return Some((UTF_16BE, 0));
        }
    }
    None
}

/// The legacy single-byte encoding of bytes that are not UTF-8.
fn sniff_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let (guess, confident) = detector.guess_assess(None, false);
    // On short or ambiguous text the detector may hesitate between Latin encodings; the
    // common case for English-language records is Windows-1252 (a superset of Latin-1).
    // Where both read the bytes the same, the common one is named.
    if confident
        && guess != UTF_8
        && guess.decode_without_bom_handling(bytes).0 != WINDOWS_1252.decode_without_bom_handling(bytes).0
    {
        guess
    } else {
        WINDOWS_1252
    }
}

fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(8192).collect();
    if sample.is_empty() {
        return false;
    }
    let bad = sample
        .iter()
        .filter(|c| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) && !('\u{80}'..='\u{9f}').contains(*c)
                || **c == '\u{fffd}'
        })
        .count();
    bad * 100 > sample.len() * 2
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(2048).collect::<String>().to_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<html")
        || (head.starts_with('<') && (head.contains("<body") || head.contains("<head") || head.contains("<p>")))
}

/// Repairs text that went through a wrong decoding once:
/// - C1 control characters (U+0080–U+009F) that stand for Windows-1252 punctuation;
/// - UTF-8 read as Windows-1252 ("â€¢" → "•", "Ã©" → "é"), line by line, only where the
///   reverse mapping is exact.
pub fn repair_mojibake(text: String) -> String {
    // Both checks look at bytes: in UTF-8 every C1 character starts with 0xC2, and "Ã", "Â"
    // and "â" are 0xC3 0x83, 0xC3 0x82 and 0xC3 0xA2.
    let has_pair = |lead: u8, second: fn(u8) -> bool| {
        let bytes = text.as_bytes();
        memchr::memchr_iter(lead, bytes).any(|i| bytes.get(i + 1).is_some_and(|b| second(*b)))
    };
    let has_c1 = has_pair(0xC2, |b| (0x80..=0x9F).contains(&b));
    let has_garble = has_pair(0xC3, |b| matches!(b, 0x82 | 0x83 | 0xA2));
    if !has_c1 && !has_garble {
        return text; // the usual case: nothing copied
    }
    let c1_fixed: String = if has_c1 {
        text.chars()
            .map(|c| {
                if ('\u{80}'..='\u{9f}').contains(&c) {
                    let byte = [c as u32 as u8];
                    let (s, _) = WINDOWS_1252.decode_without_bom_handling(&byte);
                    s.chars().next().unwrap_or(c)
                } else {
                    c
                }
            })
            .collect()
    } else {
        text
    };
    if !c1_fixed.contains(['Ã', 'Â', 'â']) {
        return c1_fixed;
    }
    let mut out = String::with_capacity(c1_fixed.len());
    for line in c1_fixed.split_inclusive('\n') {
        out.push_str(&repair_line(line));
    }
    out
}

fn repair_line(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains(['Ã', 'Â', 'â']) {
        return line.into();
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(line);
    if unmappable {
        return line.into();
    }
    match std::str::from_utf8(&bytes) {
        Ok(fixed) if fixed.chars().count() < line.chars().count() => fixed.to_owned().into(),
        _ => line.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_bullets_and_quotes_decode() {
        let bytes = b"Section One\r\n\r\n\x95 Worked with \x93partners\x94 in Bogot\xe1.\r\n";
        let d = decode(bytes).expect("decodes");
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("• Worked with “partners” in Bogotá."), "{}", d.text);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "Advancing Democracy\n\n• Worked in Haiti.\n";
        let mut le: Vec<u8> = vec![0xff, 0xfe];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).expect("bom").text, text);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be).expect("no bom").text, text);
    }

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let mut utf16: Vec<u8> = vec![0xff, 0xfe];
        utf16.extend("Advancing Democracy\n\n• Haiti.\n".encode_utf16().flat_map(u16::to_le_bytes));
        let samples: [&[u8]; 6] = [
            "Section One\n\n• Worked in Bogotá.\n".as_bytes(),
            "\u{feff}Hello there.".as_bytes(),
            b"Section One\r\n\r\n\x95 Worked with \x93partners\x94 in Bogot\xe1.\r\n",
            &utf16,
            "â€¢ Worked with â€œpartnersâ€\u{9d}".as_bytes(),
            b"  \n\n ",
        ];
        for bytes in samples {
            let (borrowed, owned) = (decode(bytes), decode_vec(bytes.to_vec()));
            assert_eq!(format!("{borrowed:?}"), format!("{owned:?}"), "{bytes:?}");
        }
        assert_eq!(decode_vec(samples[2].to_vec()).expect("decodes").encoding, "windows-1252");
    }

    #[test]
    fn a_few_broken_bytes_leave_utf8_text_utf8_with_a_warning() {
        let text = "Section One\n\n• Worked in Bogotá.\n• Met in São Paulo.\n• Spoke of “rights”.\n";
        let mut bytes = text.as_bytes().to_vec();
        bytes.insert(text.find(" in Bogot").expect("there"), 0xFF);
        let d = decode(&bytes).expect("decodes");
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("• Worked\u{fffd} in Bogotá."), "{}", d.text);
        assert_eq!(d.warnings, ["1 byte that is not valid UTF-8 was replaced with �"]);
        // A file cut off in the middle of its last character.
        let cut = &text.as_bytes()[..text.len() - "”.\n".len() + 2];
        let d = decode(cut).expect("decodes");
        assert_eq!((d.encoding, d.warnings.len()), ("UTF-8", 1), "{}", d.text);
        assert!(d.warnings[0].starts_with("2 bytes that are not valid UTF-8 were replaced"), "{:?}", d.warnings);
        // Behind a byte-order mark, the same count.
        let marked = [&[0xEF, 0xBB, 0xBF][..], &bytes].concat();
        assert_eq!(decode(&marked).expect("decodes").warnings, ["1 byte that is not valid UTF-8 was replaced with �"]);
        assert!(decode(text.as_bytes()).expect("decodes").warnings.is_empty());
    }

    #[test]
    fn legacy_text_is_not_taken_for_broken_utf8() {
        // Every non-ASCII character a byte above 127: not UTF-8 with errors.
        let d = decode(b"Section One\r\n\r\n\x95 Worked with \x93partners\x94 in Bogot\xe1.\r\n").expect("decodes");
        assert_eq!((d.encoding, d.warnings.len()), ("windows-1252", 0));
        // ASCII but for one such byte in a long text: no sign of UTF-8.
        let mut long = "Worked with partners in the region. ".repeat(200).into_bytes();
        long.extend(b"Caf\xe9.");
        let d = decode(&long).expect("decodes");
        assert_eq!((d.encoding, d.warnings.len()), ("windows-1252", 0));
        assert!(d.text.ends_with("Café."));
    }

    #[test]
    fn a_few_errors_is_few_and_outnumbered() {
        let count = |multibyte, broken| Utf8Count { multibyte, broken, broken_bytes: broken };
        assert!(!count(100, 0).is_utf8_with_a_few_errors(10_000), "nothing broken: plain UTF-8");
        assert!(count(4, 1).is_utf8_with_a_few_errors(100));
        assert!(!count(3, 1).is_utf8_with_a_few_errors(100), "too few well-formed characters");
        assert!(count(12, 3).is_utf8_with_a_few_errors(100), "any 3 in a short text");
        assert!(!count(100, 4).is_utf8_with_a_few_errors(3_999));
        assert!(count(100, 4).is_utf8_with_a_few_errors(4_000), "one in 1,000 bytes");
        assert_eq!(Utf8Count::of("•é a\u{1F600}".as_bytes()), count(3, 0));
        assert_eq!(Utf8Count::of(b"a\xFF\xFEb\xE2\x80"), Utf8Count { multibyte: 0, broken: 3, broken_bytes: 4 });
    }

    fn declared(bytes: &[u8], content_type: Option<&str>) -> Decoded {
        decode_declared(Cow::Borrowed(bytes), None, content_type).expect("decodes")
    }

    #[test]
    fn a_declared_charset_is_followed_header_first_then_meta() {
        let page = |meta: &str, body: &[u8]| {
            [format!("<html><head>{meta}<title>T</title></head><body><p>").as_bytes(), body, b"</p></body></html>"]
                .concat()
        };
        // Mac Roman ("’" is 0xD5): the bytes alone would read as windows-1252.
        let mac = page("", b"Aid to Bogot\x87 \xd5s partners.");
        assert_eq!(declared(&mac, Some("text/html; charset=macintosh")).encoding, "macintosh");
        assert!(declared(&mac, Some("text/html; Charset=\"macintosh\"")).text.contains("Bogotá ’s"));
        assert_eq!(decode(&mac).expect("decodes").encoding, "windows-1252", "a file: as before");
        // The page's own <meta>, in either form, when the header names none.
        let meta = page("<meta charset='macintosh'>", b"Bogot\x87 \xd5s");
        assert_eq!(declared(&meta, Some("text/html")).encoding, "macintosh");
        assert_eq!(declared(&meta, None).encoding, "macintosh");
        let equiv = page("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=macintosh\">", b"Bogot\x87");
        assert_eq!(declared(&equiv, None).encoding, "macintosh");
        // Files are read by their bytes alone, <meta> or not.
        assert_eq!(decode(&meta).expect("decodes").encoding, "windows-1252");
        // Beyond the first 4 KB a <meta> is not looked for.
        let late = page(&" ".repeat(META_PRESCAN_BYTES), b"Bogot\x87");
        let late = [&late[..], b"<meta charset=macintosh>"].concat();
        assert_eq!(declared(&late, None).encoding, "windows-1252");
    }

    #[test]
    fn a_declared_charset_the_bytes_contradict_is_not_believed() {
        // A windows-1252 page served as UTF-8, its <meta> right: read right, and said.
        let cp1252 = b"<html><head><meta charset=\"windows-1252\"></head><body><p>\x93Partners\x94 in Bogot\xe1.</p></body></html>";
        let d = declared(cp1252, Some("text/html; charset=utf-8"));
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("“Partners” in Bogotá."), "{}", d.text);
        assert_eq!(d.warnings, ["the server says the page is in UTF-8, but its bytes are not; that was not followed"]);
        // UTF-8 bytes declared Latin-1, by the header and by the <meta>: UTF-8.
        let utf8 = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>“Partners” in Bogotá.</p></body></html>";
        let d = declared(utf8.as_bytes(), Some("text/html; charset=ISO-8859-1"));
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("“Partners” in Bogotá."), "{}", d.text);
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
        // ASCII is what any of them says.
        assert_eq!(
            declared(b"<html><body><p>Aid.</p></body></html>", Some("text/html; charset=windows-1252")).encoding,
            "windows-1252"
        );
        // A multi-byte legacy charset the bytes break.
        let d = declared(b"<html><body><p>Bogot\xe1 \xff\xff.</p></body></html>", Some("text/html; charset=shift_jis"));
        assert_eq!(d.encoding, "windows-1252");
        // UTF-8 with a few broken bytes stays UTF-8, as a file does.
        let mut few = "<html><body><p>• Bogotá • São Paulo • “rights”.</p></body></html>".as_bytes().to_vec();
        few.insert(20, 0xFF);
        let d = declared(&few, Some("text/html; charset=utf-8"));
        assert_eq!((d.encoding, d.warnings.len()), ("UTF-8", 1), "{:?}", d.warnings);
        // A byte-order mark wins over any declaration.
        let bom = [&[0xEF, 0xBB, 0xBF][..], "<html><body><p>Bogotá.</p></body></html>".as_bytes()].concat();
        let d = declared(&bom, Some("text/html; charset=windows-1252"));
        assert_eq!((d.encoding, d.warnings.len()), ("UTF-8", 0));
    }

    #[test]
    fn a_charset_is_read_from_a_header_and_a_meta_tag() {
        assert_eq!(header_charset("text/html; charset=UTF-8"), Some(UTF_8));
        assert_eq!(header_charset("text/html;charset=\"latin1\""), Some(WINDOWS_1252));
        assert_eq!(header_charset("text/html"), None);
        assert_eq!(header_charset("text/html; charset=klingon"), None);
        assert_eq!(meta_charset(b"<meta name=x content=y><META charset = \"Windows-1252\" />"), Some(WINDOWS_1252));
        assert_eq!(meta_charset(b"<meta http-equiv=content-type content='text/html;charset=utf-16'>"), Some(UTF_8));
        assert_eq!(meta_charset(b"<meta charset=\"nonsense\"><p>charset=utf-8</p>"), None);
        assert_eq!(meta_charset(b"<meta charset="), None);
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let d = decode("\u{feff}Hello there.".as_bytes()).expect("decodes");
        assert_eq!(d.text, "Hello there.");
    }

    #[test]
    fn mojibake_is_repaired() {
        assert_eq!(repair_mojibake("â€¢ Worked with â€œpartnersâ€\u{9d}".into()), "• Worked with “partners”");
        assert_eq!(repair_mojibake("Caf\u{c3}\u{a9} in Bogot\u{c3}\u{a1}".into()), "Café in Bogotá");
        assert_eq!(repair_mojibake("\u{95} Lost bullet".into()), "• Lost bullet");
        // Real Latin-1 text that only looks suspicious stays as it is.
        assert_eq!(repair_mojibake("Â la carte, â propos".into()), "Â la carte, â propos");
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        assert!(matches!(decode(b""), Err(DocumentError::Empty)));
        assert!(matches!(decode(b"  \n\n "), Err(DocumentError::Empty)));
        let png = [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0];
        assert!(matches!(decode(&png), Err(DocumentError::Binary)));
    }
}
