//! Small text rules shared by the parser and the views.

/// Words that stay lower-case in a title ("Trafficking in Women").
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "to", "for", "by", "with", "from", "into",
    "over", "as", "its", "their", "our", "via", "per", "vs",
];

/// True when the text ends a sentence (closing quotes and brackets ignored).
pub fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(['"', '”', '’', '\'', ')', ']', '»']);
    t.ends_with(['.', '!', '?', '…'])
}

/// A line that reads like a heading: short, starting with a capital, most of its words
/// capitalised (or all capitals), no sentence punctuation at the end.
pub fn is_title_like(line: &str) -> bool {
    let s = line.trim();
    let len = s.chars().count();
    if !(3..=120).contains(&len) || s.contains('|') {
        return false;
    }
    if s.ends_with(['.', ',', ';', '!']) || ends_sentence(s) && !s.ends_with('?') {
        return false;
    }
    if !s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() > 15 {
        return false;
    }
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase()) {
        return true;
    }
    let significant: Vec<&str> = words
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .filter(|w| !SMALL_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    if significant.is_empty() {
        return false;
    }
    let capitalised = significant.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    capitalised * 10 >= significant.len() * 7
}

/// Joins wrapped lines into one line, mending words hyphenated across the break.
pub fn join_lines(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
        } else if out.ends_with('-')
            && out.chars().rev().nth(1).is_some_and(char::is_alphabetic)
            && line.starts_with(|c: char| c.is_lowercase())
        {
            // "democratically-" + "elected": keep the hyphen, drop the break.
            out.push_str(line);
        } else {
            out.push(' ');
            out.push_str(line);
        }
    }
    out
}

/// Collapses runs of spaces to one.
pub fn squash_spaces(text: &str) -> String {
    if is_squashed(text) {
        return text.to_owned();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`squash_spaces`] that hands back the same string, uncopied, when it is already clean.
pub fn squash_spaces_owned(text: String) -> String {
    if is_squashed(&text) { text } else { squash_spaces(&text) }
}

/// The searcher for two spaces, built once (building one per call cost more than searching).
static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

/// No space at either end, no run of spaces, no other kind of space.
fn is_squashed(text: &str) -> bool {
    if text.is_ascii() {
        // The same answer as the general test below, by whole-buffer byte searches: ASCII
        // whitespace other than a space is a tab, a line feed, a vertical tab, a form feed or
        // a return.
        let b = text.as_bytes();
        return memchr::memchr3(b'\t', b'\n', b'\r', b).is_none()
            && memchr::memchr2(b'\x0b', b'\x0c', b).is_none()
            && !text.starts_with(' ')
            && !text.ends_with(' ')
            && DOUBLE_SPACE.find(b).is_none();
    }
    let odd_space = text.contains(|c: char| c.is_whitespace() && c != ' ');
    !odd_space && !text.starts_with(' ') && !text.ends_with(' ') && !text.contains("  ")
}

/// A line of letters spaced out, as [`collapse_letter_spacing`] reads it ("T H E  W H I T E").
pub fn is_letter_spaced(line: &str) -> bool {
    // Most lines are turned away at their second character.
    let mut chars = line.trim().chars();
    chars.next().is_some() && chars.next() == Some(' ') && collapse_letter_spacing(line) != line
}

/// "T H E  W H I T E  H O U S E" → "THE WHITE HOUSE". Other lines are returned as they are.
pub fn collapse_letter_spacing(line: &str) -> String {
    let groups: Vec<&str> = line.trim().split("  ").map(str::trim).filter(|g| !g.is_empty()).collect();
    let spaced = |g: &&str| g.split(' ').all(|c| c.chars().count() == 1);
    let letters: usize = groups.iter().map(|g| g.split(' ').count()).sum();
    if letters >= 4 && groups.iter().all(spaced) && groups.iter().any(|g| g.contains(' ')) {
        groups.iter().map(|g| g.replace(' ', "")).collect::<Vec<_>>().join(" ")
    } else {
        line.to_owned()
    }
}

/// Text reduced to what identifies it: lower-case words and digits, single spaces.
/// Curly or straight quotes, dashes and spacing do not change it.
pub fn normalise_for_id(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    normalise_for_id_into(text, &mut out);
    // Only whole characters are written, so the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// For each byte: its lower case when it is an ASCII letter or digit, else 0 (also the
/// tagger's test for a word byte).
pub(crate) const ASCII_WORD_FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// [`normalise_for_id`] as UTF-8 bytes, appended to `out`: a buffer the caller can reuse,
/// e.g. to hash each entry of a long document without a string per entry.
pub fn normalise_for_id_into(text: &str, out: &mut Vec<u8>) {
    if text.is_ascii() {
        normalise_ascii_into(text.as_bytes(), out);
    } else {
        normalise_chars_into(text, out);
    }
}

/// The usual case, ASCII text, byte by byte: the same result as [`normalise_chars_into`].
/// The output is never longer than the text (a space stands for at least one byte left
/// out), so it is written into room made first.
fn normalise_ascii_into(text: &[u8], out: &mut Vec<u8>) {
    let start_len = out.len();
    out.resize(start_len + text.len(), 0);
    let room = &mut out[start_len..];
    let mut n = 0;
    let mut gap = false;
    for &b in text {
        let folded = ASCII_WORD_FOLD[usize::from(b)];
        if folded != 0 {
            if gap && n > 0 {
                room[n] = b' ';
                n += 1;
            }
            gap = false;
            room[n] = folded;
            n += 1;
        } else {
            gap = true;
        }
    }
    out.truncate(start_len + n);
}

/// [`normalise_for_id_into`] for any text, character by character.
fn normalise_chars_into(text: &str, out: &mut Vec<u8>) {
    let start_len = out.len();
    let mut gap = false;
    let mut utf8 = [0u8; 4];
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && out.len() > start_len {
                out.push(b' ');
            }
            gap = false;
            for l in c.to_lowercase() {
                out.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
            }
        } else {
            gap = true;
        }
    }
}

/// "Assisting Refugees" → "assisting-refugees".
pub fn slug(text: &str) -> String {
    let s = normalise_for_id(text).replace(' ', "-");
    let s: String = s.chars().take(60).collect();
    if s.is_empty() { "section".to_owned() } else { s.trim_end_matches('-').to_owned() }
}

/// The first `len` hex digits of the BLAKE3 hash of `text`: stable across platforms and releases.
pub fn hash_hex(text: &str, len: usize) -> String {
    let hex = blake3::hash(text.as_bytes()).to_hex();
    hex.as_str()[..len.min(64)].to_owned()
}

/// The host of a web address, lower-case, without its user, port or a leading `www.`
/// ("clintonwhitehouse4.archives.gov").
pub fn web_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").map_or_else(|| host.clone(), str::to_owned))
}

/// Whether a character is part of a word for selection: letters, digits, and the apostrophes
/// and hyphens inside a word ("people's", "democratically-elected").
fn is_word_char(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    if c.is_alphanumeric() {
        return true;
    }
    let joins = matches!(c, '\'' | '’' | '-' | '‑');
    let before = i > 0 && chars[i - 1].is_alphanumeric();
    let after = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
    joins && before && after
}

/// A selection of characters `start..end` of `text` widened to whole words, as Okular and
/// Zotero snap a drag: an end inside a word moves out to the word's edge, and white space at
/// either end is dropped. A selection of white space only is returned as it was.
pub fn snap_to_words(text: &str, start: usize, end: usize) -> (usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let (mut a, mut b) = (start.min(chars.len()), end.min(chars.len()));
    if a >= b {
        return (start, end);
    }
    while a < b && chars[a].is_whitespace() {
        a += 1;
    }
    while b > a && chars[b - 1].is_whitespace() {
        b -= 1;
    }
    if a == b {
        return (start, end);
    }
    // Out to the start of the word the selection starts in, and the end of the one it ends in.
    while a > 0 && is_word_char(&chars, a) && is_word_char(&chars, a - 1) {
        a -= 1;
    }
    while b < chars.len() && is_word_char(&chars, b - 1) && is_word_char(&chars, b) {
        b += 1;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_sentences() {
        assert!(is_title_like("Assisting Refugees"));
        assert!(is_title_like("Supporting Labor Rights and Combating Child Labor and Trafficking in Women"));
        assert!(is_title_like("PROMOTING RELIGIOUS FREEDOM"));
        assert!(!is_title_like("Reformed the asylum adjudication process, which has resulted in fewer."));
        assert!(!is_title_like("the quiet part"));
        assert!(!is_title_like("President and First Lady | Vice President"));
        assert!(ends_sentence("He said \"no.\""));
        assert!(!ends_sentence("Trafficking in Women"));
    }

    #[test]
    fn letter_spacing_and_joining() {
        assert_eq!(collapse_letter_spacing("T H E  W H I T E  H O U S E"), "THE WHITE HOUSE");
        assert_eq!(collapse_letter_spacing("Text Only Help Site Map"), "Text Only Help Site Map");
        assert_eq!(
            join_lines(&["a democratically-".into(), "elected President".into()]),
            "a democratically-elected President"
        );
        assert_eq!(normalise_for_id("“Right to Democracy” — resolution"), "right to democracy resolution");
        // ASCII text takes a fast path; it must agree with the general one.
        let ascii = "  Worked-with (partners) in BOLIVIA, 1995... ok ";
        assert_eq!(normalise_for_id(ascii), "worked with partners in bolivia 1995 ok");
        assert_eq!(normalise_for_id(&format!("{ascii}é")), format!("{} é", normalise_for_id(ascii)));
        // Already-clean text is kept; the ASCII test agrees with the general one.
        for (s, clean) in [
            ("a b", true),
            ("", true),
            (" a", false),
            ("a ", false),
            ("a  b", false),
            ("a\tb", false),
            ("a\nb", false),
            ("a\u{b}b", false), // a vertical tab is whitespace to `split_whitespace`
            ("é b", true),
            ("é  b", false),
            ("é\u{a0}b", false),
        ] {
            assert_eq!(is_squashed(s), clean, "{s:?}");
        }
        // The ASCII path gives what the general one gives, on text of every ASCII byte.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in 0..400 {
            let text: Vec<u8> = (0..len % 60)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    // Mostly letters and spaces, with every other ASCII byte now and then.
                    match seed % 8 {
                        0..=3 => b'a' + (seed >> 8) as u8 % 26,
                        4 => b' ',
                        5 => b'A' + (seed >> 8) as u8 % 26,
                        _ => (seed >> 8) as u8 % 128,
                    }
                })
                .collect();
            let text = String::from_utf8(text).expect("ASCII");
            for prefix in [&b""[..], b"key\n"] {
                let (mut fast, mut general) = (prefix.to_vec(), prefix.to_vec());
                normalise_ascii_into(text.as_bytes(), &mut fast);
                normalise_chars_into(&text, &mut general);
                assert_eq!(fast, general, "{text:?}");
            }
        }
        // Appended after what the buffer holds, with no leading space.
        let mut buf = b"title\n".to_vec();
        normalise_for_id_into(" -- Two  words!", &mut buf);
        assert_eq!(buf, b"title\ntwo words");
        assert_eq!(slug("Assisting Refugees"), "assisting-refugees");
    }

    #[test]
    fn a_selection_snaps_out_to_whole_words_and_drops_outer_spaces() {
        let text = "for the adjudication of claims in the courts";
        let at = |w: &str| text.find(w).unwrap();
        // "r the adjudication … in t": from inside "for" to inside "the".
        let (a, b) = snap_to_words(text, 2, at("the courts") + 1);
        assert_eq!(&text[a..b], "for the adjudication of claims in the");
        // Whole words stay as they are; outer spaces go.
        let (a, b) = snap_to_words(text, at(" the adj"), at("adjudication") + "adjudication ".len());
        assert_eq!(&text[a..b], "the adjudication");
        assert_eq!(snap_to_words(text, 3, 4), (3, 4), "a space alone is left");
        // Apostrophes and hyphens inside a word belong to it; not at its edge.
        let t = "the people's democratically-elected \"leaders\"";
        let (a, b) = snap_to_words(t, t.find("ple").unwrap(), t.find("ically").unwrap());
        assert_eq!(&t[a..b], "people's democratically-elected");
        let (a, b) = snap_to_words(t, t.find("lead").unwrap() + 1, t.len());
        assert_eq!(&t[a..b], "leaders\"");
        // Characters, not bytes: "Côte d’Ivoire".
        let t = "in Côte d’Ivoire today";
        let chars = |s: &str| s.chars().count();
        let (a, b) = snap_to_words(t, chars("in Cô"), chars("in Côte d’Iv"));
        let got: String = t.chars().skip(a).take(b - a).collect();
        assert_eq!(got, "Côte d’Ivoire");
    }
}
