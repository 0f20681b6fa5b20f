//! Reading the index: search (BM25, with snippets) and the catalogue.

use super::admin::Administration;
use super::query::{Clause, LibraryQuery, QueryError};
use super::schema::{self, KIND_ENTRY, KIND_RECORD, KIND_UNREADABLE};
use super::{Library, LibraryError};
use serde::Serialize;
use std::ops::{Bound, Range};
use std::path::PathBuf;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TokenStream as _;
use tantivy::{TantivyDocument, Term};

/// The most characters of an entry a snippet shows.
const SNIPPET_CHARS: usize = 220;

/// One entry found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub record_id: String,
    pub path: PathBuf,
    pub title: String,
    pub section: String,
    pub group: Option<String>,
    pub entry_id: String,
    pub number: String,
    /// BM25 (filters add nothing to it).
    pub score: f32,
    pub snippet: Snippet,
}

/// A part of an entry's text around its matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Where `text` starts in the entry's text (bytes).
    pub start: usize,
    /// The matches, as byte ranges of `text`, in order, not overlapping.
    pub matches: Vec<Range<usize>>,
    /// The length of the entry's text (bytes): the snippet is all of it when `start` is 0
    /// and `text` is this long.
    pub entry_len: usize,
}

/// A record in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordSummary {
    pub id: String,
    pub path: PathBuf,
    pub title: String,
    pub publisher: Option<String>,
    pub administration: Administration,
    /// ISO 8601 (`1995-10-06`, `1995-10` or `1995`): see [`super::record_date`].
    pub date: Option<String>,
    pub url: Option<String>,
    pub entries: u64,
    /// Bureau codes named by its entries, sorted.
    pub regions: Vec<String>,
    /// Notes on it (not in the Trash).
    pub notes: u64,
    /// Modification time of the file when indexed (nanoseconds since 1970), and its size.
    pub mtime: u64,
    pub size: u64,
}

/// A file found in the folders that could not be read as a record, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    pub path: PathBuf,
    pub reason: String,
}

impl Library {
    /// The entries that match `query` (see [`super::query`]), best first (BM25), at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, LibraryError> {
        let parsed = LibraryQuery::parse(query)?;
        self.search_parsed(&parsed, limit)
    }

    pub fn search_parsed(&self, query: &LibraryQuery, limit: usize) -> Result<Vec<Hit>, LibraryError> {
        let q = self.tantivy_query(query)?;
        let searcher = self.reader.searcher();
        let top = searcher
            .search(&q, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(|e| self.index_error(&e))?;
        let mut snippets =
            SnippetGenerator::create(&searcher, &q, self.fields.text).map_err(|e| self.index_error(&e))?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let f = self.fields;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.index_error(&e))?;
            let get = |field| schema::text(&doc, field).unwrap_or_default().to_owned();
            let text = schema::text(&doc, f.text).unwrap_or_default();
            hits.push(Hit {
                record_id: get(f.record_id),
                path: PathBuf::from(get(f.path)),
                title: get(f.title),
                section: get(f.section),
                group: schema::text(&doc, f.group).map(str::to_owned),
                entry_id: get(f.entry_id),
                number: get(f.number),
                score,
                snippet: snippet(&snippets, text),
            });
        }
        Ok(hits)
    }

    /// How many entries match `query` (parsed as for [`Library::search`]), whatever their rank.
    pub fn count(&self, query: &LibraryQuery) -> Result<usize, LibraryError> {
        let q = self.tantivy_query(query)?;
        self.reader.searcher().search(&q, &tantivy::collector::Count).map_err(|e| self.index_error(&e))
    }

    /// For each bureau, how many entries match `query` and name it: the library's region
    /// filter, next to a search (or with no words, across the whole library).
    pub fn region_counts(
        &self,
        query: &LibraryQuery,
    ) -> Result<Vec<(crate::core::places::Bureau, usize)>, LibraryError> {
        crate::core::places::Bureau::ALL
            .iter()
            .map(|&b| {
                let mut q = query.clone();
                q.clauses.push(Clause::Region(b));
                Ok((b, self.count(&q)?))
            })
            .collect()
    }

    /// The query as tantivy's: every clause must match, on entries only. Words and phrases
    /// score (BM25); filters do not.
    fn tantivy_query(&self, query: &LibraryQuery) -> Result<BooleanQuery, LibraryError> {
        let f = self.fields;
        let filter =
            |q: Box<dyn Query>| -> (Occur, Box<dyn Query>) { (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0))) };
        let term = |t: Term| -> Box<dyn Query> { Box::new(TermQuery::new(t, IndexRecordOption::Basic)) };
        let mut clauses = vec![filter(term(Term::from_field_text(f.kind, KIND_ENTRY)))];
        let mut scored = 0;
        for clause in &query.clauses {
            match clause {
                Clause::Word(w) | Clause::Phrase(w) => {
                    if let Some(q) = self.text_query(w)? {
                        clauses.push((Occur::Must, q));
                        scored += 1;
                    }
                }
                Clause::Region(b) => clauses.push(filter(term(Term::from_field_text(f.regions, b.code())))),
                Clause::Country(c) => clauses.push(filter(term(Term::from_field_text(f.countries, c)))),
                Clause::Tag(t) => clauses.push(filter(term(Term::from_field_text(f.tags, t)))),
                Clause::Author(a) => clauses.push(filter(term(Term::from_field_text(f.authors, a)))),
                Clause::HasNote => clauses.push(filter(term(Term::from_field_u64(f.has_note, 1)))),
                Clause::Year { from, to } => {
                    let bound = |y: &Option<u64>| {
                        y.map_or(Bound::Unbounded, |y| Bound::Included(Term::from_field_u64(f.year, y)))
                    };
                    clauses.push(filter(Box::new(RangeQuery::new(bound(from), bound(to)))));
                }
            }
        }
        // Only words with nothing to search for ("—"), and no filter: nothing was asked.
        if scored == 0 && clauses.len() == 1 {
            return Err(QueryError::Empty.into());
        }
        Ok(BooleanQuery::new(clauses))
    }

    /// A word or phrase, split into terms as the entry text was: none (punctuation only),
    /// one term, or a phrase.
    fn text_query(&self, text: &str) -> Result<Option<Box<dyn Query>>, LibraryError> {
        let field = self.fields.text;
        let mut analyzer = self.index.tokenizer_for_field(field).map_err(|e| self.index_error(&e))?;
        let mut stream = analyzer.token_stream(text);
        let mut terms = Vec::new();
        while let Some(token) = stream.next() {
            terms.push(Term::from_field_text(field, &token.text));
        }
        Ok(match terms.len() {
            0 => None,
            1 => terms.pop().map(|t| Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)) as Box<dyn Query>),
            _ => Some(Box::new(PhraseQuery::new(terms))),
        })
    }

    /// The catalogue: every record indexed, by date (undated last), then title.
    pub fn records(&self) -> Result<Vec<RecordSummary>, LibraryError> {
        let f = self.fields;
        let mut out: Vec<RecordSummary> = self
            .cards(KIND_RECORD)?
            .iter()
            .map(|d| {
                let get = |field| schema::text(d, field).map(str::to_owned);
                RecordSummary {
                    id: get(f.record_id).unwrap_or_default(),
                    path: PathBuf::from(get(f.path).unwrap_or_default()),
                    title: get(f.title).unwrap_or_default(),
                    publisher: get(f.publisher),
                    administration: Administration::from_key(schema::text(d, f.administration).unwrap_or_default()),
                    date: get(f.date),
                    url: get(f.url),
                    entries: schema::number(d, f.entries).unwrap_or(0),
                    regions: schema::texts(d, f.regions),
                    notes: schema::number(d, f.notes).unwrap_or(0),
                    mtime: schema::number(d, f.mtime).unwrap_or(0),
                    size: schema::number(d, f.size).unwrap_or(0),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            (a.date.is_none(), &a.date, &a.title, &a.path).cmp(&(b.date.is_none(), &b.date, &b.title, &b.path))
        });
        Ok(out)
    }

    /// The files found that could not be read as records, with why, by path.
    pub fn unreadable(&self) -> Result<Vec<Unreadable>, LibraryError> {
        let f = self.fields;
        let mut out: Vec<Unreadable> = self
            .cards(KIND_UNREADABLE)?
            .iter()
            .map(|d| Unreadable {
                path: PathBuf::from(schema::text(d, f.path).unwrap_or_default()),
                reason: schema::text(d, f.error).unwrap_or_default().to_owned(),
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// The stored documents of one kind (catalogue cards or unreadable files).
    pub(super) fn cards(&self, kind: &str) -> Result<Vec<TantivyDocument>, LibraryError> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(Term::from_field_text(self.fields.kind, kind), IndexRecordOption::Basic);
        let found = searcher.search(&q, &DocSetCollector).map_err(|e| self.index_error(&e))?;
        let mut addresses: Vec<_> = found.into_iter().collect();
        addresses.sort();
        addresses.into_iter().map(|a| searcher.doc(a).map_err(|e| self.index_error(&e))).collect()
    }
}

/// The best part of `text` around its matches; its start when nothing in it matched (a query
/// of filters only).
fn snippet(generator: &SnippetGenerator, text: &str) -> Snippet {
    let s = generator.snippet(text);
    if s.highlighted().is_empty() {
        let mut end = text.len().min(SNIPPET_CHARS);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end < text.len()
            && let Some(space) = text[..end].rfind(' ')
        {
            end = space;
        }
        return Snippet { text: text[..end].to_owned(), start: 0, matches: Vec::new(), entry_len: text.len() };
    }
    // The fragment runs from its first word to its last: punctuation alone beyond either end
    // (a closing full stop) is taken in rather than cut off with an ellipsis.
    let range = s.fragment_range();
    let start = if text[..range.start].chars().any(char::is_alphanumeric) { range.start } else { 0 };
    let end = if text[range.end..].chars().any(char::is_alphanumeric) { range.end } else { text.len() };
    let shift = range.start - start;
    let matches = tantivy::snippet::collapse_overlapped_ranges(s.highlighted())
        .into_iter()
        .map(|m| m.start + shift..m.end + shift)
        .collect();
    Snippet { text: text[start..end].to_owned(), start, matches, entry_len: text.len() }
}
