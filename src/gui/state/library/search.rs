//! The search across the library: the words, the entries found, the counts per region and
//! per country (for the map), searched in the background one query at a time.

use super::jobs::Shared;
use crate::core::library::{Hit, LibraryError, LibraryQuery};
use crate::core::places::Bureau;
use crate::gui::command::SearchCommand;
use crate::gui::job::{Job, JobFailed};
use std::collections::BTreeMap;
use std::sync::PoisonError;

/// The most entries a search shows.
pub const SEARCH_LIMIT: usize = 200;

/// What a search gives back: the entries found, the count per region, and per country when
/// the map is shown.
type Found = (Vec<Hit>, Vec<(Bureau, usize)>, Option<BTreeMap<String, usize>>);

#[derive(Debug, Default)]
pub struct SearchState {
    pub query: String,
    /// The search running, and its words.
    searching: Option<(String, Job<Result<Found, LibraryError>>)>,
    /// The query whose results are shown, and the results (or why the query failed).
    pub searched: String,
    pub hits: Vec<Hit>,
    /// Per bureau, the entries that match the query and name it (all entries, with no query).
    pub region_counts: Vec<(Bureau, usize)>,
    /// Whether the map of the library shows, and its counts per country (alpha-2).
    pub map_shown: bool,
    pub country_counts: BTreeMap<String, usize>,
    pub search_error: Option<String>,
}

impl SearchState {
    pub fn apply(&mut self, command: SearchCommand, library: Option<&Shared>) {
        match command {
            SearchCommand::SetQuery(query) => self.query = query,
            SearchCommand::ToggleRegion(bureau) => self.query = toggle_region(&self.query, bureau),
            SearchCommand::ToggleMap => {
                self.map_shown = !self.map_shown;
                if !self.map_shown {
                    return;
                }
                // The counts per country are taken by the search: searched again.
                self.searched.clear();
            }
        }
        self.start(library);
    }

    pub fn busy(&self) -> bool {
        self.searching.is_some()
    }

    /// Searches in the background (one at a time: words typed meanwhile are searched when
    /// it ends). With no words, only the counts per region are taken.
    pub fn start(&mut self, library: Option<&Shared>) {
        if self.searching.is_some() {
            return;
        }
        let Some(library) = library.cloned() else { return };
        let query = self.query.clone();
        let words = query.clone();
        let map = self.map_shown;
        let spawned = Job::spawn("library-search", move |_| {
            let library = library.read().unwrap_or_else(PoisonError::into_inner);
            // No words: no entries listed, and the counts of the whole library.
            let (parsed, hits) = if words.trim().is_empty() {
                (LibraryQuery::default(), Vec::new())
            } else {
                let parsed = LibraryQuery::parse(&words)?;
                let hits = library.search_parsed(&parsed, SEARCH_LIMIT)?;
                (parsed, hits)
            };
            let countries = if map { Some(library.country_counts(&parsed)?) } else { None };
            Ok((hits, library.region_counts(&parsed)?, countries))
        });
        match spawned {
            Ok(job) => self.searching = Some((query, job)),
            Err(e) => self.search_error = Some(format!("Cannot search: {}", e.why_or("it could not be started"))),
        }
    }

    /// Takes the search's results once it has ended, and searches again if the words
    /// changed meanwhile.
    pub fn poll(&mut self, library: Option<&Shared>) {
        if !self.searching.as_ref().is_some_and(|(_, job)| job.is_finished()) {
            return;
        }
        let Some((query, job)) = self.searching.take() else { return };
        self.take(job.wait());
        self.searched = query;
        if self.searched != self.query {
            self.start(library);
        }
    }

    fn take(&mut self, found: Result<Result<Found, LibraryError>, JobFailed>) {
        match found {
            Ok(Ok((hits, regions, countries))) => {
                self.hits = hits;
                self.region_counts = regions;
                if let Some(countries) = countries {
                    self.country_counts = countries;
                }
                self.search_error = None;
            }
            Ok(Err(e)) => {
                self.hits.clear();
                self.search_error = Some(e.to_string());
            }
            Err(_) => self.search_error = Some("The search stopped unexpectedly".to_owned()),
        }
    }
}

/// The query with `region:CODE` for `bureau` as its one region clause, or without it if it
/// was there: the region list beside the library is a switch, one region at a time.
pub fn toggle_region(query: &str, bureau: Bureau) -> String {
    let token = format!("region:{}", bureau.code());
    let had = query.split_whitespace().any(|w| w.eq_ignore_ascii_case(&token));
    let mut words: Vec<&str> =
        query.split_whitespace().filter(|w| !w.to_ascii_lowercase().starts_with("region:")).collect();
    if !had {
        words.push(&token);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_switches_on_alone_and_off_again() {
        assert_eq!(toggle_region("", Bureau::AF), "region:AF");
        assert_eq!(toggle_region("elections region:EUR", Bureau::AF), "elections region:AF");
        assert_eq!(toggle_region("elections region:AF", Bureau::AF), "elections");
        assert_eq!(toggle_region("\"free press\" REGION:af", Bureau::AF), "\"free press\"");
    }
}
