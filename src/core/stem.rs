//! English word forms, from one place: what a word is, and what its stem is.
//!
//! The library's index and Find in a document both ask here, so that they agree that
//! "refugee" and "refugees", or "democracy" and "democracies", are forms of one word:
//!
//! - a word is a run of letters and digits (`char::is_alphanumeric`), as tantivy's
//!   `SimpleTokenizer` splits text: [`for_each_word`] is that tokenizer;
//! - its stem is the Snowball English stemmer's ([`stem`], the `frostem` crate, which
//!   tantivy's `stemmer` feature brings in too; not a second algorithm);
//! - the library's text field is analysed by [`analyzer`] (registered on the index as
//!   [`ANALYZER`]): split as above, words of [`MAX_WORD_BYTES`] or more left out (as tantivy's
//!   own `en_stem` does), lower-cased, then stemmed by [`StemFilter`], which calls [`stem`].
//!
//! Find lower-cases a whole part before it splits it into words, the index splits before it
//! lower-cases: the two differ only where lower-casing makes a letter into something that is
//! not one ("İ" becomes "i" and a combining dot), which no English word has.

use std::borrow::Cow;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// The name the library's index knows [`analyzer`] by (in its schema: an index made with
/// another analyzer is of another layout, and is made again).
pub const ANALYZER: &str = "record_en";

/// Words this long (in bytes) or longer are not indexed, and have no other forms: as
/// tantivy's `en_stem` (a run of letters that long is not a word).
pub const MAX_WORD_BYTES: usize = 40;

/// The stem of `word` (lower case), by the Snowball English stemmer: "refugees" →
/// "refuge", "democracies" → "democraci".
pub fn stem(word: &str) -> Cow<'_, str> {
    frostem::Stemmer::new(frostem::Algorithm::English).stem(word)
}

/// Whether `c` is part of a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `text` is one whole word, short enough to have other forms.
pub fn is_word(text: &str) -> bool {
    !text.is_empty() && text.len() < MAX_WORD_BYTES && text.chars().all(is_word_char)
}

/// Calls `f` with the byte range of every word of `text`, in order: the ranges tantivy's
/// `SimpleTokenizer` gives the library's index (a property test compares them on any text),
/// found a byte at a time while the text is ASCII. Measured reason for not calling
/// `SimpleTokenizer` itself, which copies every word out: Find's index of the 100k record
/// took 54–73 ms with it and 33–56 ms this way (`find_index_ms_large`, four runs each,
/// alternated, release build).
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    // Whether the character at `i` is part of a word, and its length in bytes.
    let at = |i: usize| -> (bool, usize) {
        match bytes.get(i) {
            Some(&b) if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
            _ => text.get(i..).and_then(|t| t.chars().next()).map_or((false, 1), |c| (is_word_char(c), c.len_utf8())),
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let (word, len) = at(i);
        let start = i;
        i += len;
        if !word {
            continue;
        }
        while i < bytes.len() {
            let (word, len) = at(i);
            if !word {
                break;
            }
            i += len;
        }
        f(start, i);
    }
}

/// The library's analyzer for entry text: words (as [`for_each_word`]), shorter than
/// [`MAX_WORD_BYTES`], lower-cased, stemmed by [`stem`].
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(StemFilter)
        .build()
}

/// A tantivy token filter that replaces each (lower-case) token by its [`stem`].
#[derive(Debug, Clone, Copy, Default)]
pub struct StemFilter;

impl TokenFilter for StemFilter {
    type Tokenizer<T: Tokenizer> = StemTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemTokenizer<T> {
        StemTokenizer(tokenizer)
    }
}

/// The tokenizer [`StemFilter`] makes of another.
#[derive(Debug, Clone)]
pub struct StemTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for StemTokenizer<T> {
    type TokenStream<'a> = StemStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemStream(self.0.token_stream(text))
    }
}

/// The tokens of another stream, stemmed.
#[derive(Debug)]
pub struct StemStream<S>(S);

impl<S: TokenStream> TokenStream for StemStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        // A word that is its own stem is left as it is, without a copy.
        if let Cow::Owned(stemmed) = stem(&token.text) {
            token.text = stemmed;
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words a record's readers type, and their other forms.
    const WORDS: &str = "Refugees refugee refuge democracy democracies democratic elections election elected \
        electing States state stated statement statements rights right human humanitarian studies study \
        Nations nation's nationalism children child's prisoners imprisoned release released releasing \
        Côte d'Ivoire naïve ΣΟΦΊΑ 1995 U.S. co-operation";

    fn analysed(text: &str) -> Vec<(usize, usize, String)> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.offset_from, t.offset_to, t.text.clone()));
        }
        out
    }

    #[test]
    fn forms_of_a_word_share_its_stem() {
        assert_eq!(stem("refugees"), stem("refugee"));
        assert_eq!(stem("democracy"), stem("democracies"));
        assert_eq!(stem("elections"), stem("election"));
        assert_eq!(stem("states"), "state");
        assert_ne!(stem("statement"), stem("state"));
        assert!(matches!(stem("nigeria"), Cow::Borrowed(_)), "a word that is its own stem is not copied");
    }

    #[test]
    fn the_library_analyzer_agrees_with_find() {
        // Find lower-cases a part, splits it into words and stems them; the library's index
        // gives the same terms.
        let text = format!("{WORDS} {}", "x".repeat(MAX_WORD_BYTES));
        let lower = text.to_lowercase();
        let mut find = Vec::new();
        for_each_word(&lower, |a, b| {
            let word = &lower[a..b];
            if is_word(word) {
                find.push(stem(word).into_owned());
            }
        });
        let index: Vec<String> = analysed(&text).into_iter().map(|t| t.2).collect();
        assert_eq!(index, find);
        assert!(index.iter().any(|t| t == "refuge") && index.iter().any(|t| t == "democraci"));
    }

    #[test]
    fn the_library_analyzer_is_tantivys_en_stem() {
        // The index written before this analyzer (tantivy's own `en_stem`) had the same terms.
        let mut en_stem = tantivy::tokenizer::TokenizerManager::default().get("en_stem").unwrap();
        let mut stream = en_stem.token_stream(WORDS);
        let mut theirs = Vec::new();
        while stream.advance() {
            let t = stream.token();
            theirs.push((t.offset_from, t.offset_to, t.text.clone()));
        }
        assert_eq!(analysed(WORDS), theirs);
    }

    #[test]
    fn a_number_is_its_own_stem_and_no_other_words() {
        // Find leaves numbers out of a document's words by stem on this ground.
        for n in ["0", "7", "1995", "2000", "700000"] {
            assert_eq!(stem(n), n);
        }
        for w in ["1990s", "1995ed", "2000ing", "100ies", "1999ly", "42nd", "10sses"] {
            assert!(!stem(w).bytes().all(|b| b.is_ascii_digit()), "{w} → {}", stem(w));
        }
    }

    fn simple_tokenizer(text: &str) -> Vec<(usize, usize)> {
        let mut tokenizer = SimpleTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().offset_from, stream.token().offset_to));
        }
        out
    }

    fn words_of(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for_each_word(text, |a, b| out.push((a, b)));
        out
    }

    proptest::proptest! {
        #[test]
        fn words_are_where_the_library_s_tokenizer_finds_them(text in "\\PC*", ascii in "[ -~\\n]{0,80}") {
            proptest::prop_assert_eq!(words_of(&text), simple_tokenizer(&text));
            proptest::prop_assert_eq!(words_of(&ascii), simple_tokenizer(&ascii));
        }
    }

    #[test]
    fn a_word_is_letters_and_digits() {
        assert!(is_word("refugees") && is_word("côte") && is_word("1995"));
        assert!(!is_word("") && !is_word("u.s.") && !is_word("2999:") && !is_word(&"x".repeat(MAX_WORD_BYTES)));
        let mut words = Vec::new();
        let text = "U.S. aid, Côte d'Ivoire — ΣΟΦΊΑ 1995s i\u{307}x 😀end";
        for_each_word(text, |a, b| words.push(&text[a..b]));
        assert_eq!(words, ["U", "S", "aid", "Côte", "d", "Ivoire", "ΣΟΦΊΑ", "1995s", "i", "x", "end"]);
        assert_eq!(words_of(text), simple_tokenizer(text));
    }
}
