//! The document model: what a record is made of once parsed.

use crate::core::dates::PartialDate;
use serde::{Deserialize, Serialize};

/// Facts about a document that are not in its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default = "default_kind")]
    pub kind: String,
    #[serde(default)]
    pub licence: Option<String>,
    /// Where the text came from: a file path, or "embedded".
    #[serde(default)]
    pub source: Option<String>,
    /// The record's web address, for citations: from the page (its canonical link, the
    /// address a browser noted when saving it, or an address the page names), or given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the reader accessed the record (from its details file), for citations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<String>,
    /// The record's own date, when its file gives one apart from its text (a saved page's
    /// `<meta>` date, a Markdown copy's front matter `date:`, or its details file): for
    /// citations, and it wins over the dates in the text (see
    /// [`crate::core::library::record_date`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
}

fn default_kind() -> String {
    "text document".to_owned()
}

/// A pull quote set apart at the top of a record, with its attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    pub speaker: Option<String>,
    pub occasion: Option<String>,
    pub date: Option<PartialDate>,
}

impl Quote {
    /// Who said it, where and when, as one line: "President Clinton, Freedom House Speech,
    /// October 6, 1995". `None` when the record names none of them.
    pub fn attribution(&self) -> Option<String> {
        let parts: Vec<String> = [self.speaker.clone(), self.occasion.clone(), self.date.map(|d| d.to_string())]
            .into_iter()
            .flatten()
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// One bullet point (or paragraph) of a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable id: derived from the section title and the normalised text. Held inline (a
    /// long record has one per entry).
    pub id: smol_str::SmolStr,
    /// "2.3": section number and position within the section, held inline.
    pub number: smol_str::SmolStr,
    pub text: String,
    /// Places the entry names: regions, countries, mentions (filled by the region tagger).
    #[serde(flatten, default)]
    pub tags: crate::core::places::Tags,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Stable id: a slug of the title (after its group's, when it has one).
    pub id: String,
    pub title: String,
    /// The heading this section sits under, when the record has two levels of headings
    /// ("REGIONAL STABILITY" over "Positive Results" and "Continuing Challenges").
    #[serde(default)]
    pub group: Option<Group>,
    /// What the page says over the entries, under the heading: its lead-in ("In the coming
    /// year, it will:"), or the paragraphs between the heading and its first entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub entries: Vec<Entry>,
}

/// Title used for entries that come before any section heading.
pub const UNTITLED_SECTION: &str = "Entries";

/// The most characters of a lead-in shown as the label of the group it opens.
const LABEL_CHARS: usize = 60;

impl Section {
    /// What the section is called in the outline and over its entries: its title; for a
    /// group with no heading of its own, its lead-in ("In the past year, the Administration
    /// has:"), cut at a word with "…" when long.
    pub fn label(&self) -> std::borrow::Cow<'_, str> {
        let lead_in = self.description.as_deref().and_then(|d| d.split("\n\n").next());
        match lead_in {
            Some(lead_in) if self.title == UNTITLED_SECTION => {
                if lead_in.chars().count() <= LABEL_CHARS {
                    return lead_in.into();
                }
                let cut: String = lead_in.chars().take(LABEL_CHARS).collect();
                let at = cut.rfind(' ').unwrap_or(cut.len());
                format!("{}…", cut[..at].trim_end_matches([',', ';', ' '])).into()
            }
            _ => self.title.as_str().into(),
        }
    }
}

/// A heading over one or more sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Stable id: a slug of the title.
    pub id: String,
    pub title: String,
    /// The group's heading also heads the section just before its first one, with entries
    /// of its own (an `<h2>` with a list, then `<h3>`s under it): one heading of the page,
    /// shown once.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub heads_section: bool,
}

/// A related speech, fact sheet or statement listed at the end of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub title: String,
    pub date: Option<PartialDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub meta: DocMeta,
    /// Stable id of the document, independent of its file path: a hash of its title, pull
    /// quote, introduction, headings and entries (their words, as their ids are made), so
    /// that two different records never share it. A record with fixed metadata (the built-in
    /// one) keeps the id it always had, of its quote, introduction and headings only. Its
    /// notes file is named by it.
    pub id: String,
    /// The id the record had before its title and entries were part of it (its quote,
    /// introduction and headings only), when that differs: its notes file of then is taken
    /// over by [`crate::core::notes::NotesStore::open_document`]. Not saved.
    #[serde(skip)]
    pub former_id: Option<String>,
    /// Hash of the document text: changes whenever the text does.
    pub rev: String,
    /// Site banner and navigation lines above the record, one per line.
    pub masthead: Vec<String>,
    pub quote: Option<Quote>,
    /// Introductory paragraphs, separated by blank lines.
    pub intro: String,
    pub sections: Vec<Section>,
    /// Heading of the related-remarks list, when the record gives one.
    pub references_title: Option<String>,
    pub references: Vec<Reference>,
    /// Site navigation and legal lines below the record, one per line.
    pub footer: Vec<String>,
    /// Text of the page that is none of the record's parts (a lead-in to a list, a photo
    /// credit, a source note, a paragraph between lists): kept, and shown as "Other text on
    /// this page", so that nothing read is dropped.
    #[serde(default)]
    pub unplaced: Vec<String>,
    /// Entry id and number → position, built on first use (not saved, not compared).
    #[serde(skip)]
    pub index: EntryIndex,
    /// What the reader should be told about how the file was read (see
    /// [`crate::core::decode::Decoded::warnings`]). Not part of the record: not saved.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Where each entry is: id or number → (section, entry in section, position in the document).
/// Built once, on the first lookup, so finding an entry does not scan the document. A
/// document's sections are not changed after it is opened (only their tags are).
#[derive(Default, Clone)]
pub struct EntryIndex(std::sync::OnceLock<std::collections::HashMap<smol_str::SmolStr, (usize, usize, usize)>>);

impl std::fmt::Debug for EntryIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EntryIndex")
    }
}

impl PartialEq for EntryIndex {
    fn eq(&self, _: &Self) -> bool {
        true // a cache: two documents with the same content are equal whether or not it is built
    }
}

impl Eq for EntryIndex {}

impl Document {
    /// The record's date: its own (a page's `<meta>`, a front matter, its details), else
    /// its pull quote's, else its latest related remark's. Citations and the library's
    /// filing both use it.
    pub fn date(&self) -> Option<crate::core::dates::PartialDate> {
        self.meta
            .date
            .or_else(|| self.quote.as_ref().and_then(|q| q.date))
            .or_else(|| self.references.iter().filter_map(|r| r.date).max())
    }

    pub fn entry_count(&self) -> usize {
        self.sections.iter().map(|s| s.entries.len()).sum()
    }

    /// All entries with their section, in document order.
    pub fn entries(&self) -> impl Iterator<Item = (&Section, &Entry)> {
        self.sections.iter().flat_map(|s| s.entries.iter().map(move |e| (s, e)))
    }

    /// Tags every entry with the places it names ([`Tagger::tag_with`]). Each entry is
    /// independent, so a long document is tagged on every core; a short one stays on the
    /// calling thread (handing work to the pool and waiting for it costs more than it takes).
    ///
    /// [`Tagger::tag_with`]: crate::core::places::Tagger::tag_with
    pub fn tag_places(&mut self, gazetteer: &'static crate::core::places::Gazetteer) {
        use crate::core::places::TagScratch;
        use rayon::prelude::*;
        const MIN_PER_CORE: usize = 2_000;
        let mut entries: Vec<&mut Entry> = self.sections.iter_mut().flat_map(|s| s.entries.iter_mut()).collect();
        let tagger = gazetteer.tagger();
        let tag = |scratch: &mut TagScratch, entry: &mut &mut Entry| {
            entry.tags = tagger.tag_with(gazetteer, &entry.text, scratch);
        };
        if entries.len() <= MIN_PER_CORE {
            let mut scratch = TagScratch::default();
            entries.iter_mut().for_each(|e| tag(&mut scratch, e));
        } else {
            entries.par_iter_mut().with_min_len(MIN_PER_CORE).for_each_init(TagScratch::default, tag);
        }
    }

    /// Finds an entry by its id or by its number ("2.3").
    pub fn find_entry(&self, id_or_number: &str) -> Option<(&Section, &Entry)> {
        let &(si, ei, _) = self.index().get(id_or_number)?;
        let section = self.sections.get(si)?;
        Some((section, section.entries.get(ei)?))
    }

    /// An entry's (section, entry) indexes, by id or number.
    pub fn entry_indices(&self, id_or_number: &str) -> Option<(usize, usize)> {
        self.index().get(id_or_number).map(|&(si, ei, _)| (si, ei))
    }

    /// An entry's position in document order (0-based), by id or number.
    pub fn entry_position(&self, id_or_number: &str) -> Option<usize> {
        self.index().get(id_or_number).map(|p| p.2)
    }

    fn index(&self) -> &std::collections::HashMap<smol_str::SmolStr, (usize, usize, usize)> {
        self.index.0.get_or_init(|| {
            let mut map = std::collections::HashMap::with_capacity(self.entry_count() * 2);
            let mut pos = 0;
            for (si, s) in self.sections.iter().enumerate() {
                for (ei, e) in s.entries.iter().enumerate() {
                    // Ids win over numbers; the first of two equal numbers wins, as a scan would.
                    map.entry(e.number.clone()).or_insert((si, ei, pos));
                    map.insert(e.id.clone(), (si, ei, pos));
                    pos += 1;
                }
            }
            map
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_without_a_heading_is_called_by_its_lead_in() {
        let section = |title: &str, description: Option<&str>| Section {
            id: "s".into(),
            title: title.into(),
            group: None,
            description: description.map(str::to_owned),
            entries: Vec::new(),
        };
        assert_eq!(section("Assisting Refugees", Some("We will:")).label(), "Assisting Refugees");
        assert_eq!(section(UNTITLED_SECTION, None).label(), "Entries");
        assert_eq!(
            section(UNTITLED_SECTION, Some("In the coming year, it will:")).label(),
            "In the coming year, it will:"
        );
        let long = "The Biden-Harris Administration has already taken a number of steps to develop a more inclusive democracy, including:";
        assert_eq!(
            section(UNTITLED_SECTION, Some(long)).label(),
            "The Biden-Harris Administration has already taken a number…"
        );
    }

    #[test]
    fn the_attribution_names_what_the_record_gives() {
        let seed = crate::core::open::embedded().unwrap();
        let q = seed.quote.unwrap();
        assert_eq!(q.attribution().as_deref(), Some("President Clinton, Freedom House Speech, October 6, 1995"));
        let bare = Quote { text: "x".into(), speaker: None, occasion: None, date: None };
        assert_eq!(bare.attribution(), None);
        let speaker_only = Quote { speaker: Some("President Bush".into()), ..bare };
        assert_eq!(speaker_only.attribution().as_deref(), Some("President Bush"));
    }
}
