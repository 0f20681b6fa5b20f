//! The library's query language: words, "quoted phrases", `region:AF`, `country:SD` (or the
//! country's name or an alias, as the sidebar's country search takes them: `country:Sudan`,
//! `country:"Côte d'Ivoire"`, `country:burma`), `year:1994..1998` (or `year:1995`,
//! `year:1994..`, `year:..1998`), `tag:sanctions`, `author:"Ada Lovelace"` (a note's writer, by name or email or ORCID, in
//! any case) and `has:note`, all of which an entry must
//! match (AND). Words are matched without regard to case, and find their other English forms
//! ([`crate::core::stem`]). Parsed here by hand; [`LibraryQuery`] is turned into a tantivy
//! query by the index.

use crate::core::places::Bureau;
use std::fmt;

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// A word (tokenised like the entry text: one word may become a phrase, "U.S." → "u s").
    Word(String),
    /// Words that must follow one another.
    Phrase(String),
    Region(Bureau),
    /// An ISO 3166 alpha-2 code, upper case (whatever name or code the query gave).
    Country(String),
    /// Years, both ends included.
    Year {
        from: Option<u64>,
        to: Option<u64>,
    },
    /// A note tag, as notes keep them ([`clean_tag`](crate::core::notes::model::clean_tag)).
    Tag(String),
    /// Entries with a live note written by this author: a name, email or ORCID, as
    /// [`author_key`](super::schema::author_key) writes it.
    Author(String),
    /// Entries with at least one note (not in the Trash).
    HasNote,
}

/// A parsed query: every clause must match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LibraryQuery {
    pub clauses: Vec<Clause>,
}

/// Why a query could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty: give words, \"a phrase\", or a filter such as region:AF")]
    Empty,
    #[error("a quote is not closed: {0}")]
    UnclosedQuote(String),
    #[error("unknown field {field:?} in {text:?}: use region:, country:, year:, tag:, author: or has:note")]
    UnknownField { field: String, text: String },
    #[error("{field}: needs a value, e.g. {example}")]
    MissingValue { field: &'static str, example: &'static str },
    #[error("{0:?} is not a region: use AF, EAP, EUR, NEA, SCA or WHA")]
    BadRegion(String),
    #[error("{value:?} is not a country: give its name or code, e.g. country:Sudan or country:SD{hint}")]
    BadCountry {
        value: String,
        /// "; did you mean …?", or nothing.
        hint: String,
    },
    #[error(
        "country:{value} is {name}, whose government writes these records: its mentions are not \
         filed under a country, so search for its name as words"
    )]
    ActorCountry { value: String, name: String },
    #[error("countries cannot be looked up: {0}")]
    Gazetteer(String),
    #[error("{0:?} is not a year or a range of years: use year:1995 or year:1994..1998")]
    BadYear(String),
    #[error("has:{0} is not known: use has:note")]
    BadHas(String),
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clause::Word(w) => write!(f, "{w}"),
            Clause::Phrase(p) => write!(f, "\"{p}\""),
            Clause::Region(b) => write!(f, "region:{}", b.code()),
            Clause::Country(c) => write!(f, "country:{c}"),
            Clause::Year { from, to } => {
                let end = |y: &Option<u64>| y.map(|y| y.to_string()).unwrap_or_default();
                if from == to { write!(f, "year:{}", end(from)) } else { write!(f, "year:{}..{}", end(from), end(to)) }
            }
            Clause::Tag(t) => write!(f, "tag:{t}"),
            Clause::Author(a) if a.contains(' ') => write!(f, "author:\"{a}\""),
            Clause::Author(a) => write!(f, "author:{a}"),
            Clause::HasNote => write!(f, "has:note"),
        }
    }
}

impl LibraryQuery {
    /// Reads a query. An unknown `field:` or a bad value is an error that says what to write.
    pub fn parse(text: &str) -> Result<Self, QueryError> {
        let mut clauses = Vec::new();
        for token in tokens(text)? {
            match token {
                Token::Quoted(p) => {
                    if !p.trim().is_empty() {
                        clauses.push(Clause::Phrase(p.trim().to_owned()));
                    }
                }
                // `AND` is allowed, and implied.
                Token::Bare(w) if w == "AND" || w == "&&" => {}
                Token::Bare(w) => clauses.push(Clause::Word(w)),
                Token::Field(field, value) => clauses.push(field_clause(&field, &value)?),
            }
        }
        if clauses.is_empty() {
            return Err(QueryError::Empty);
        }
        Ok(Self { clauses })
    }

    /// The clauses that search the text (words and phrases).
    pub fn has_text(&self) -> bool {
        self.clauses.iter().any(|c| matches!(c, Clause::Word(_) | Clause::Phrase(_)))
    }
}

impl fmt::Display for LibraryQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.clauses.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join(" "))
    }
}

enum Token {
    Bare(String),
    Quoted(String),
    /// `field:value` (the value may be quoted).
    Field(String, String),
}

/// Splits on white space, keeping "quoted text" (also as a field's value) together.
fn tokens(text: &str) -> Result<Vec<Token>, QueryError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if is_quote(c) {
            chars.next();
            out.push(Token::Quoted(quoted(text, start, &mut chars)?));
            continue;
        }
        let mut word = String::new();
        let mut field_value = None;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            if c == ':' && field_value.is_none() && !word.is_empty() {
                // A quoted value: `tag:"follow up"`.
                if let Some(&(q, qc)) = chars.peek()
                    && is_quote(qc)
                {
                    chars.next();
                    out.push(Token::Field(word.clone(), quoted(text, q, &mut chars)?));
                    word.clear();
                    field_value = None;
                    break;
                }
                field_value = Some((std::mem::take(&mut word), i));
                continue;
            }
            word.push(c);
        }
        match field_value {
            Some((field, _)) => out.push(Token::Field(field, word)),
            None if !word.is_empty() => out.push(Token::Bare(word)),
            None => {}
        }
    }
    Ok(out)
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

fn quoted(
    text: &str,
    start: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Result<String, QueryError> {
    let mut s = String::new();
    for (_, c) in chars.by_ref() {
        if is_quote(c) {
            return Ok(s);
        }
        s.push(c);
    }
    Err(QueryError::UnclosedQuote(text[start..].to_owned()))
}

fn field_clause(field: &str, value: &str) -> Result<Clause, QueryError> {
    let value = value.trim();
    let need = |field: &'static str, example: &'static str| {
        if value.is_empty() { Err(QueryError::MissingValue { field, example }) } else { Ok(()) }
    };
    match field.to_ascii_lowercase().as_str() {
        "region" => {
            need("region", "region:AF")?;
            Bureau::from_code(value).map(Clause::Region).ok_or_else(|| QueryError::BadRegion(value.to_owned()))
        }
        "country" => {
            need("country", "country:SD")?;
            country_clause(value)
        }
        "year" => {
            need("year", "year:1994..1998")?;
            year_clause(value)
        }
        "tag" => {
            need("tag", "tag:sanctions")?;
            crate::core::notes::model::clean_tag(value)
                .map(Clause::Tag)
                .ok_or(QueryError::MissingValue { field: "tag", example: "tag:sanctions" })
        }
        "author" => {
            need("author", "author:\"Ada Lovelace\"")?;
            Ok(Clause::Author(super::schema::author_key(value)))
        }
        "has" => match value.to_ascii_lowercase().as_str() {
            "note" | "notes" => Ok(Clause::HasNote),
            "" => Err(QueryError::MissingValue { field: "has", example: "has:note" }),
            other => Err(QueryError::BadHas(other.to_owned())),
        },
        _ => Err(QueryError::UnknownField { field: field.to_owned(), text: format!("{field}:{value}") }),
    }
}

/// A country by its code, name or alias, through the gazetteer (as the sidebar finds it).
fn country_clause(value: &str) -> Result<Clause, QueryError> {
    let g = crate::core::places::gazetteer().map_err(|e| QueryError::Gazetteer(e.to_string()))?;
    match g.find_country(value) {
        Some(c) if c.a2 == g.actor => Err(QueryError::ActorCountry { value: value.to_owned(), name: c.name.clone() }),
        Some(c) => Ok(Clause::Country(c.a2.clone())),
        None => {
            let names: Vec<String> = crate::core::filter::suggest_countries(value, &Default::default(), g, 3)
                .iter()
                .filter_map(|a2| g.country(a2).map(|c| c.name.clone()))
                .collect();
            let hint = match names.as_slice() {
                [] => String::new(),
                [one] => format!("; did you mean {one}?"),
                [init @ .., last] => format!("; did you mean {} or {last}?", init.join(", ")),
            };
            Err(QueryError::BadCountry { value: value.to_owned(), hint })
        }
    }
}

fn year_clause(value: &str) -> Result<Clause, QueryError> {
    let bad = || QueryError::BadYear(value.to_owned());
    let year = |s: &str| -> Result<Option<u64>, QueryError> {
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<u64>().ok().filter(|y| (1000..=9999).contains(y)).map(Some).ok_or_else(bad)
    };
    let (from, to) = match value.split_once("..") {
        Some((a, b)) => (year(a)?, year(b)?),
        None => {
            let y = year(value)?;
            (y, y)
        }
    };
    match (from, to) {
        (None, None) => Err(bad()),
        (Some(a), Some(b)) if a > b => Err(bad()),
        _ => Ok(Clause::Year { from, to }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<Clause> {
        LibraryQuery::parse(s).unwrap().clauses
    }

    #[test]
    fn words_phrases_and_filters() {
        assert_eq!(
            parse(r#"Elections "free press" region:af country:sd year:1994..1998 tag:sanctions has:note"#),
            vec![
                Clause::Word("Elections".into()),
                Clause::Phrase("free press".into()),
                Clause::Region(Bureau::AF),
                Clause::Country("SD".into()),
                Clause::Year { from: Some(1994), to: Some(1998) },
                Clause::Tag("sanctions".into()),
                Clause::HasNote,
            ]
        );
        assert_eq!(parse("year:1995"), vec![Clause::Year { from: Some(1995), to: Some(1995) }]);
        assert_eq!(parse("year:..1998"), vec![Clause::Year { from: None, to: Some(1998) }]);
        assert_eq!(parse("a AND b"), vec![Clause::Word("a".into()), Clause::Word("b".into())]);
        assert_eq!(parse(r#"tag:"follow up""#), vec![Clause::Tag("follow-up".into())]);
        assert_eq!(parse(r#"author:"Ada  LOVELACE""#), vec![Clause::Author("ada lovelace".into())]);
        assert_eq!(Clause::Author("ada lovelace".into()).to_string(), r#"author:"ada lovelace""#);
        assert_eq!(
            LibraryQuery::parse("author:").unwrap_err(),
            QueryError::MissingValue { field: "author", example: "author:\"Ada Lovelace\"" }
        );
        assert_eq!(parse("“curly quotes”"), vec![Clause::Phrase("curly quotes".into())]);
    }

    #[test]
    fn a_country_is_given_by_its_code_name_or_alias() {
        assert_eq!(parse("country:Ukraine"), vec![Clause::Country("UA".into())]);
        assert_eq!(parse("country:ua"), vec![Clause::Country("UA".into())]);
        assert_eq!(parse("country:UKR"), vec![Clause::Country("UA".into())]);
        assert_eq!(parse(r#"country:"Côte d'Ivoire""#), vec![Clause::Country("CI".into())]);
        assert_eq!(parse("country:“côte d’ivoire”"), vec![Clause::Country("CI".into())]);
        assert_eq!(
            parse("country:burma elections"),
            vec![Clause::Country("MM".into()), Clause::Word("elections".into())]
        );
        assert_eq!(parse(r#"COUNTRY:"the Ukraine""#), vec![Clause::Country("UA".into())]);
        // The code is what the query says afterwards (the Library view's map reads it).
        assert_eq!(LibraryQuery::parse("country:Burma").unwrap().to_string(), "country:MM");
    }

    #[test]
    fn an_unknown_country_says_what_to_write() {
        let err = |s: &str| LibraryQuery::parse(s).unwrap_err();
        let ukrain = err("country:Ukrain");
        assert!(matches!(&ukrain, QueryError::BadCountry { value, .. } if value == "Ukrain"), "{ukrain:?}");
        let message = ukrain.to_string();
        assert!(
            message.contains("\"Ukrain\" is not a country") && message.contains("did you mean Ukraine?"),
            "{message}"
        );
        let sud = err("country:Sud").to_string();
        assert!(sud.contains("did you mean") && sud.contains("Sudan") && sud.contains("South Sudan"), "{sud}");
        let none = err("country:Atlantis").to_string();
        assert!(none.ends_with("e.g. country:Sudan or country:SD"), "{none}");
        assert_eq!(err("country:XX"), QueryError::BadCountry { value: "XX".into(), hint: String::new() });
        let us = err("country:USA").to_string();
        assert!(us.contains("United States") && us.contains("search for its name as words"), "{us}");
    }

    #[test]
    fn round_trips_through_display() {
        let q = LibraryQuery::parse(r#"x "a b" region:EUR year:1994.. has:note"#).unwrap();
        assert_eq!(q.to_string(), r#"x "a b" region:EUR year:1994.. has:note"#);
        assert_eq!(LibraryQuery::parse(&q.to_string()).unwrap(), q);
    }

    #[test]
    fn errors_say_what_to_write() {
        let err = |s: &str| LibraryQuery::parse(s).unwrap_err();
        assert_eq!(err(""), QueryError::Empty);
        assert_eq!(err("  \"\" AND "), QueryError::Empty);
        let unknown = err("speaker:clinton").to_string();
        assert!(unknown.contains("\"speaker\"") && unknown.contains("region:"), "{unknown}");
        assert_eq!(err("region:XX"), QueryError::BadRegion("XX".into()));
        assert_eq!(err("year:1998..1994"), QueryError::BadYear("1998..1994".into()));
        assert_eq!(err("year:nineties"), QueryError::BadYear("nineties".into()));
        assert_eq!(err("year:.."), QueryError::BadYear("..".into()));
        assert_eq!(err("has:tag"), QueryError::BadHas("tag".into()));
        assert!(matches!(err("region:"), QueryError::MissingValue { field: "region", .. }));
        assert!(matches!(err("\"open phrase"), QueryError::UnclosedQuote(_)));
    }
}
