//! Export across a library of records, and its bibliography: three real records (the built-in
//! one and two fixtures), notes in temporary stores, every format read back with a real parser
//! of it (pulldown-cmark, csv, `serde_json`, `biblatex`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use record_reader::core::Document;
use record_reader::core::export::{
    BibFormat, ExportInput, Format, LibraryInput, LibraryRecord, bibliography, export, export_library,
    export_library_files, record_file_name,
};
use record_reader::core::notes::{Note, NoteFilter, NotesStore};
use record_reader::core::open::{embedded, open_path};
use record_reader::core::places::gazetteer;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use time::OffsetDateTime;
use time::macros::datetime;

const SCRIPT: &str = "<script>alert(1)</script>";
/// A title with every character a BibTeX field must escape, and quotes, and a script.
const HOSTILE_TITLE: &str =
    "Rights {and} \\wrongs: 100% \"Progress\" & more #1 $2 a_b ~ ^ -- été <script>alert(1)</script>";
const AT: OffsetDateTime = datetime!(2026-11-30 14:00 UTC);

struct Library {
    docs: Vec<Document>,
    stores: Vec<NotesStore>,
    _dir: tempfile::TempDir,
}

fn fixture(name: &str) -> Document {
    open_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).unwrap()
}

/// Notes on a record's first entries: an entry note, a highlight with a script in its body,
/// one tagged `#skip`, and one in the Trash (never exported).
fn notes_on(doc: &Document, dir: &Path) -> NotesStore {
    let mut s = NotesStore::open(dir, &doc.id);
    let entries: Vec<_> = doc.entries().map(|(_, e)| e.clone()).collect();
    let e = |i: usize| &entries[i % entries.len()];
    s.put(Note::on_entry(doc, e(0), &format!("On {}", doc.meta.title)));
    let len = e(1).text.chars().count().min(20);
    s.put(Note::highlight(doc, e(1), 0, len, &format!("{SCRIPT} and **bold**")));
    let mut tagged = Note::on_entry(doc, e(2), "=SUM(A1) tagged");
    tagged.tags = vec!["skip".to_owned()];
    s.put(tagged);
    let mut gone = Note::on_entry(doc, e(0), "in the trash");
    gone.deleted = Some(gone.modified);
    s.put(gone);
    s
}

/// The built-in record, the saved page (a file, no web address) and the wrapped record (given
/// a hostile title and a web address), each with notes; and a fourth record with none.
fn library() -> Library {
    let dir = tempfile::tempdir().unwrap();
    let seed = embedded().unwrap();
    let page = fixture("saved-page.html");
    let mut progress = fixture("record-of-progress-wrapped.txt");
    progress.meta.title = HOSTILE_TITLE.to_owned();
    progress.meta.url = Some("https://example.org/records/progress_report?a=1&b=2#top".to_owned());
    progress.meta.accessed = Some("2026-11-02".to_owned());
    let quiet = fixture("two-heading-levels.txt");
    let mut stores: Vec<NotesStore> = [&seed, &page, &progress].iter().map(|d| notes_on(d, dir.path())).collect();
    stores.push(NotesStore::open(dir.path(), &quiet.id));
    Library { docs: vec![seed, page, progress, quiet], stores, _dir: dir }
}

fn input<'a>(lib: &'a Library, filter: NoteFilter) -> LibraryInput<'a> {
    LibraryInput {
        // Given in reverse: the export puts them in its own order.
        records: lib.docs.iter().zip(&lib.stores).rev().map(|(doc, store)| LibraryRecord { doc, store }).collect(),
        gazetteer: gazetteer().unwrap(),
        filter,
        filter_label: "all notes".to_owned(),
        all_records: false,
    }
}

/// The live notes of every record, by note id: (record id, body).
fn live_notes(lib: &Library) -> BTreeMap<String, (String, String)> {
    lib.stores.iter().flat_map(|s| s.live().map(|n| (n.id.to_string(), (s.doc_id.clone(), n.body.clone())))).collect()
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

/// The records with notes, in the export's order: by title (any case), then id.
fn ordered_titles(lib: &Library) -> Vec<String> {
    let mut docs: Vec<&Document> = lib.docs.iter().take(3).collect();
    docs.sort_by_key(|d| (d.meta.title.to_lowercase(), d.meta.title.clone(), d.id.clone()));
    docs.iter().map(|d| d.meta.title.clone()).collect()
}

#[test]
fn markdown_has_a_heading_per_record_over_each_of_its_notes_once() {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    let lib = library();
    let md = text(export_library(&input(&lib, NoteFilter::live()), Format::Md, AT).unwrap());
    assert!(md.starts_with("---\n") && md.contains("records: 3\n") && md.contains("notes: 9\n"), "{md}");
    // Record headings (level 2), in order, and where each starts.
    let mut h2: Vec<(String, usize)> = Vec::new();
    let mut h1 = 0;
    let mut level = None;
    for (e, range) in Parser::new_ext(&md, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS).into_offset_iter() {
        match e {
            Event::Start(Tag::Heading { level: l, .. }) => {
                level = Some(l);
                if l == HeadingLevel::H2 {
                    h2.push((String::new(), range.start));
                }
                h1 += usize::from(l == HeadingLevel::H1);
            }
            Event::End(TagEnd::Heading(_)) => level = None,
            Event::Text(t) | Event::Code(t) if level == Some(HeadingLevel::H2) => h2.last_mut().unwrap().0.push_str(&t),
            _ => {}
        }
    }
    assert_eq!(h1, 1, "one title");
    let titles: Vec<String> = h2.iter().map(|(t, _)| t.clone()).collect();
    assert_eq!(titles, ordered_titles(&lib), "a heading per record with notes, by title; sections go one deeper");
    for (id, (doc_id, _)) in live_notes(&lib) {
        let mark = format!("^note-{id}");
        assert_eq!(md.matches(&mark).count(), 1, "note {id} once");
        let at = md.find(&mark).unwrap();
        let under = h2.iter().rev().find(|(_, start)| *start < at).unwrap();
        let doc = lib.docs.iter().find(|d| d.id == doc_id).unwrap();
        assert_eq!(under.0, doc.meta.title, "note {id} under its record");
    }
    assert!(!md.contains("in the trash"));
    // The notes of each record read as that record's own export writes them.
    for (doc, store) in lib.docs.iter().zip(&lib.stores).take(3) {
        let single = text(export(&single_input(doc, store), Format::Md, AT).unwrap());
        let first_note = single.lines().find(|l| l.starts_with("> ")).unwrap();
        assert!(md.contains(first_note), "{first_note}");
    }
    assert!(md.contains("Source: https://clintonwhitehouse5") && md.contains("saved-page.html"));
    assert!(md.contains("date: October 6, 1995"), "the record's date: {md}");
}

fn single_input<'a>(doc: &'a Document, store: &'a NotesStore) -> ExportInput<'a> {
    ExportInput {
        doc,
        store,
        gazetteer: gazetteer().unwrap(),
        notes: NoteFilter::live().select(doc, store.notes.values().map(AsRef::as_ref)),
        filter: "all notes".to_owned(),
    }
}

#[test]
fn the_filter_chooses_the_notes_and_records_without_any_are_left_out_unless_asked() {
    let lib = library();
    let tagged = NoteFilter { tags: vec!["#skip".to_owned()], ..NoteFilter::live() };
    let md = text(export_library(&input(&lib, tagged.clone()), Format::Md, AT).unwrap());
    assert_eq!(md.matches("^note-").count(), 3, "one tagged note per record");
    assert!(md.contains("=SUM") && !md.contains("On Promoting"));
    let mut all = input(&lib, tagged);
    all.all_records = true;
    let md = text(export_library(&all, Format::Md, AT).unwrap());
    assert!(md.contains("records: 4\n") && md.contains(&format!("## {}", lib.docs[3].meta.title)), "{md}");
    let v: serde_json::Value = serde_json::from_slice(&bibliography(&all, BibFormat::CslJson, AT).unwrap()).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 4);
}

#[test]
fn one_file_per_record_each_its_own_export_with_safe_unique_names() {
    let lib = library();
    let files = export_library_files(&input(&lib, NoteFilter::live()), Format::Md, AT).unwrap();
    assert_eq!(files.len(), 3);
    for (doc, store) in lib.docs.iter().zip(&lib.stores).take(3) {
        let name = record_file_name(doc, "md");
        let (_, bytes) = files.iter().find(|(n, _)| *n == name).unwrap();
        assert_eq!(bytes, &export(&single_input(doc, store), Format::Md, AT).unwrap(), "{name}");
        let short = &doc.id.strip_prefix("doc-").unwrap()[..8];
        assert!(name.ends_with(&format!("-{short}.md")), "{name}");
    }
    assert_safe_and_unique(&files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), "md");
    // Every format can be written one file per record.
    for f in Format::ALL {
        let files = export_library_files(&input(&lib, NoteFilter::live()), f, AT).unwrap();
        assert_eq!(files.len(), 3, "{f:?}");
        assert_safe_and_unique(&files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), f.extension());
    }
}

fn assert_safe_and_unique(names: &[String], ext: &str) {
    let mut seen = HashSet::new();
    for n in names {
        assert!(seen.insert(n.to_lowercase()), "{n} is not unique");
        assert!(n.ends_with(&format!(".{ext}")), "{n}");
        assert!(!n.contains(['/', '\\', ':', ' ']) && !n.contains("..") && !n.starts_with(['.', '-']), "{n}");
        assert!(!n.chars().any(char::is_control) && !n.contains(['<', '>', '"', '|', '?', '*']), "{n}");
        assert!(n.len() <= 150, "{n} is {} bytes", n.len());
        let stem = n.strip_suffix(&format!(".{ext}")).unwrap();
        assert!(stem.chars().all(|c| c.is_alphanumeric() || c == '-'), "{n}");
    }
}

#[test]
fn hostile_titles_make_safe_unique_file_names() {
    let seed = embedded().unwrap();
    let titles = [
        "../../etc".to_owned(),
        "<script>alert(1)</script>".to_owned(),
        "x".repeat(300),
        "é".repeat(300),
        String::new(),
        "a/b\\c\0d\u{7}e\nf".to_owned(),
        "..".to_owned(),
        "CON".to_owned(),
        "Same title".to_owned(),
        "SAME TITLE".to_owned(),
    ];
    let dir = tempfile::tempdir().unwrap();
    // Every record shares its id's first 8 letters with another: the names must still differ.
    let docs: Vec<Document> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut d = seed.clone();
            d.meta.title = t.clone();
            d.id = format!("{}{i}", &seed.id[..12]);
            d
        })
        .collect();
    let stores: Vec<NotesStore> = docs
        .iter()
        .map(|d| {
            let mut s = NotesStore::open(dir.path(), &d.id);
            s.put(Note::on_entry(d, d.entries().next().unwrap().1, "a note"));
            s
        })
        .collect();
    let input = LibraryInput {
        records: docs.iter().zip(&stores).map(|(doc, store)| LibraryRecord { doc, store }).collect(),
        gazetteer: gazetteer().unwrap(),
        filter: NoteFilter::live(),
        filter_label: String::new(),
        all_records: false,
    };
    let files = export_library_files(&input, Format::Md, AT).unwrap();
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(names.len(), titles.len());
    assert_safe_and_unique(&names, "md");
    assert!(names.iter().any(|n| n.starts_with("etc-")) && names.iter().any(|n| n.starts_with("script-alert-1-")));
    assert!(names.iter().filter(|n| n.starts_with("record-")).count() == 2, "empty and '..': {names:?}");
    for (n, bytes) in &files {
        assert!(!rendered(&text(bytes.clone())).contains("<script"), "{n}");
    }
}

/// Markdown as HTML, by a renderer that passes raw HTML through (as many do).
fn rendered(md: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(md, pulldown_cmark::Options::all()));
    html
}

#[test]
fn csv_has_the_record_columns_on_every_row_and_one_header() {
    let lib = library();
    let data = export_library(&input(&lib, NoteFilter::live()), Format::Csv, AT).unwrap();
    assert!(data.starts_with(b"\xEF\xBB\xBF"));
    let mut r = csv::Reader::from_reader(&data[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header[..5], ["record_title", "record_source", "record_url", "record_id", "id"]);
    assert!(header.contains(&"quote".to_owned()) && header.contains(&"note".to_owned()));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let live = live_notes(&lib);
    assert_eq!(rows.len(), live.len(), "one row per note, and one header");
    let mut seen = BTreeSet::new();
    for row in &rows {
        let (doc_id, body) = &live[&row[col("id")]];
        assert!(seen.insert(row[col("id")].to_owned()));
        let doc = lib.docs.iter().find(|d| &d.id == doc_id).unwrap();
        assert_eq!(&row[col("record_id")], doc_id);
        assert_eq!(row[col("record_title")], doc.meta.title);
        let expected_source = if doc.meta.source.as_deref() == Some("embedded") {
            "built in".to_owned()
        } else {
            doc.meta.source.clone().unwrap()
        };
        assert_eq!(row[col("record_source")], expected_source);
        assert_eq!(row[col("record_url")], doc.meta.url.clone().unwrap_or_default());
        let note = &row[col("note")];
        assert!(note == body || note == format!("'{body}"), "{note}");
    }
    assert!(rows.iter().any(|r| r[col("record_source")].ends_with("tests/fixtures/saved-page.html")));
    assert!(rows.iter().any(|r| &r[col("note")] == "'=SUM(A1) tagged"), "formulas are neutralised");
}

#[test]
fn w3c_json_has_one_annotation_per_note_with_its_record() {
    let lib = library();
    let data = export_library(&input(&lib, NoteFilter::live()), Format::Json, AT).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&data).unwrap();
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    let items = v["first"]["items"].as_array().unwrap();
    let live = live_notes(&lib);
    assert_eq!(items.len(), live.len());
    assert_eq!(v["total"], live.len());
    let mut seen = BTreeSet::new();
    for a in items {
        let id = a["id"].as_str().unwrap().strip_prefix("urn:uuid:").unwrap();
        assert!(seen.insert(id.to_owned()), "{id} once");
        let (doc_id, body) = &live[id];
        let doc = lib.docs.iter().find(|d| &d.id == doc_id).unwrap();
        let record = &a["record_reader"]["record"];
        assert_eq!(record["id"], *doc_id);
        assert_eq!(record["title"], doc.meta.title);
        let source = a["target"]["source"].as_str().unwrap();
        match doc.meta.url.as_deref() {
            Some(url) => {
                let page = url.split('#').next().unwrap();
                assert!(source.starts_with(&format!("{page}#")), "{source}");
                assert_eq!(record["url"], url);
            }
            None => {
                assert!(source.starts_with(&format!("urn:record-reader:{doc_id}#")), "{source}");
                assert!(record["file"].as_str().unwrap().ends_with("saved-page.html"));
            }
        }
        assert!(source.starts_with(record["iri"].as_str().unwrap()));
        let commenting = a["body"].as_array().unwrap().iter().find(|b| b["purpose"] == "commenting").unwrap();
        assert_eq!(commenting["value"], *body);
    }
}

#[test]
fn csl_json_has_one_item_per_cited_record_with_its_dates() {
    let lib = library();
    let data = bibliography(&input(&lib, NoteFilter::live()), BibFormat::CslJson, AT).unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&data).unwrap();
    let titles: Vec<&str> = items.iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ordered_titles(&lib), "the records with notes, not the fourth");
    let ids: HashSet<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3);
    let by_title = |t: &str| items.iter().find(|i| i["title"] == t).unwrap();
    let seed = by_title("Promoting Democracy and Human Rights");
    assert_eq!(seed["type"], "webpage");
    assert_eq!(seed["issued"]["date-parts"], serde_json::json!([[1995, 10, 6]]));
    assert_eq!(seed["author"], serde_json::json!([{"literal": "The White House"}]));
    assert_eq!(seed["publisher"], "The White House (Clinton Administration)");
    assert_eq!(seed["URL"], "https://clintonwhitehouse5.archives.gov/WH/EOP/NSC/html/nsc-25.html");
    assert_eq!(seed["accessed"]["date-parts"], serde_json::json!([[2026, 11, 30]]), "the export's day");
    assert_eq!(seed["archive"], "Clinton White House Archives, National Archives and Records Administration");
    assert!(seed.get("archive_location").is_none(), "the address is the place in this archive");
    let page = by_title(&lib.docs[1].meta.title);
    assert_eq!(page["type"], "document");
    assert!(page.get("URL").is_none() && page.get("accessed").is_none());
    assert_eq!(page["issued"]["date-parts"], serde_json::json!([[1993, 4, 21]]));
    assert!(
        page["note"].as_str().unwrap().starts_with("Source: ")
            && page["note"].as_str().unwrap().ends_with("saved-page.html")
    );
    let hostile = by_title(HOSTILE_TITLE);
    assert_eq!(hostile["issued"]["date-parts"], serde_json::json!([[1994, 12, 10]]));
    assert_eq!(hostile["accessed"]["date-parts"], serde_json::json!([[2026, 11, 2]]), "the details' date");
    assert!(!text(data).contains("<script"));
}

#[test]
fn bibtex_reads_back_with_a_bibtex_parser_with_the_same_titles_and_keys() {
    use biblatex::{Bibliography, ChunksExt, EntryType};
    let lib = library();
    let bib = text(bibliography(&input(&lib, NoteFilter::live()), BibFormat::Bibtex, AT).unwrap());
    let parsed = Bibliography::parse(&bib).unwrap_or_else(|e| panic!("{e:?}\n{bib}"));
    assert_eq!(parsed.len(), 3, "{bib}");
    let csl: Vec<serde_json::Value> =
        serde_json::from_slice(&bibliography(&input(&lib, NoteFilter::live()), BibFormat::CslJson, AT).unwrap())
            .unwrap();
    let keys: Vec<&str> = parsed.keys().collect();
    let csl_keys: Vec<&str> = csl.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(keys, csl_keys, "the same keys in both, in the same order");
    for (entry, item) in parsed.iter().zip(&csl) {
        assert_eq!(entry.title().unwrap().format_verbatim(), item["title"].as_str().unwrap(), "{bib}");
        assert!(entry.key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{}", entry.key);
    }
    let seed = parsed.iter().find(|e| e.key.starts_with("promoting-democracy-and-")).unwrap();
    assert_eq!(seed.entry_type, EntryType::Online);
    assert_eq!(seed.url().unwrap(), "https://clintonwhitehouse5.archives.gov/WH/EOP/NSC/html/nsc-25.html");
    assert_eq!(seed.get("author").unwrap().format_verbatim(), "The White House");
    assert_eq!(seed.get("date").unwrap().format_verbatim(), "1995-10-06");
    let hostile = parsed.iter().find(|e| e.title().unwrap().format_verbatim() == HOSTILE_TITLE).unwrap();
    assert_eq!(hostile.url().unwrap(), "https://example.org/records/progress_report?a=1&b=2#top");
    assert_eq!(hostile.get("urldate").unwrap().format_verbatim(), "2026-11-02");
    let page = parsed.iter().find(|e| e.entry_type == EntryType::Misc).unwrap();
    assert!(page.get("note").unwrap().format_verbatim().ends_with("saved-page.html"));
    // Braces balance (BibTeX counts every one, escaped or not), and no script is left.
    assert_eq!(bib.matches('{').count(), bib.matches('}').count());
    assert!(!bib.contains("<script"), "{bib}");
    // Stable: the same keys whatever order the records come in, and on another export.
    let mut again = input(&lib, NoteFilter::live());
    again.records.reverse();
    assert_eq!(text(bibliography(&again, BibFormat::Bibtex, AT).unwrap()), bib);
}

#[test]
fn no_script_survives_in_any_export() {
    let lib = library();
    let input = input(&lib, NoteFilter::live());
    let md = text(export_library(&input, Format::Md, AT).unwrap());
    assert!(md.contains("alert(1)"), "the text is kept");
    assert!(!rendered(&md).contains("<script"), "{}", rendered(&md));
    let json = text(export_library(&input, Format::Json, AT).unwrap());
    assert!(!json.contains("<script"), "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v.to_string().contains(SCRIPT), "the same text once parsed");
    for f in BibFormat::ALL {
        assert!(!text(bibliography(&input, f, AT).unwrap()).contains("<script"), "{f:?}");
    }
    for (name, bytes) in export_library_files(&input, Format::Md, AT).unwrap() {
        assert!(!rendered(&text(bytes)).contains("<script"), "{name}");
    }
    for (name, bytes) in export_library_files(&input, Format::Html, AT).unwrap() {
        let page = scraper::Html::parse_document(&text(bytes));
        assert_eq!(page.select(&scraper::Selector::parse("script").unwrap()).count(), 0, "{name}");
    }
    // CSV is data for a spreadsheet, which runs no markup: the text is kept as it is, in a
    // cell, and what a spreadsheet would run (a formula) is neutralised.
    let data = export_library(&input, Format::Csv, AT).unwrap();
    let mut r = csv::Reader::from_reader(&data[3..]);
    let cells: Vec<String> =
        r.records().flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>()).collect();
    assert!(cells.iter().any(|c| c.contains(SCRIPT)));
    assert!(!cells.iter().any(|c| c.starts_with(['=', '+', '@'])));
}

#[test]
fn html_and_ron_are_written_per_record_not_as_one_file() {
    let lib = library();
    for f in [Format::Html, Format::Ron] {
        assert!(export_library(&input(&lib, NoteFilter::live()), f, AT).is_err(), "{f:?}");
    }
}
