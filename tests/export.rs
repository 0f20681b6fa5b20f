//! Every export read back with a real parser of its format, with hostile note bodies; and
//! round trips through import.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use record_reader::core::export::{ExportInput, Format, export, plan_import};
use record_reader::core::notes::{Author, Note, NotesStore};
use record_reader::core::open::embedded;
use record_reader::core::places::gazetteer;

const HOSTILE: [&str; 6] = [
    "<script>alert('x')</script> and <b>bold</b>",
    "quotes \"double\" and 'single', commas, and\na second line",
    "=HYPERLINK(\"http://evil\")",
    "-1+2 @SUM(A1) \ttabbed",
    "مرحبا بالعالم — right-to-left",
    "emoji 🌍🕊️ and **Markdown** _too_",
];

fn store(dir: &std::path::Path) -> (record_reader::core::Document, NotesStore) {
    let doc = embedded().unwrap();
    let mut s = NotesStore::open(dir, &doc.id);
    let entries: Vec<_> = doc.entries().map(|(_, e)| e.clone()).collect();
    for (i, body) in HOSTILE.iter().enumerate() {
        let e = &entries[i * 6];
        let mut n = if i % 2 == 0 {
            Note::on_entry(&doc, e, body)
        } else {
            let len = e.text.chars().count().min(30);
            Note::highlight(&doc, e, 5, len, body)
        };
        n.tags = vec![format!("tag{i}"), "shared".to_owned()];
        n.color = ["yellow", "red", "blue", "green", "purple", "red"][i].to_owned();
        // Two authors; one note of Ada's last changed by Grace; the rest of before authors.
        let ada = Author { name: "Ada Lovelace".into(), id: Some("ada@example.org".into()) };
        match i {
            0 => n = n.by(&ada),
            1 => n = n.by(&Author::named("Grace Hopper")),
            2 => {
                n = n.by(&ada);
                n.touched_by(&Author::named("Grace Hopper"), n.modified);
            }
            _ => {}
        }
        s.put(n);
    }
    (doc, s)
}

fn bytes(doc: &record_reader::core::Document, s: &NotesStore, f: Format) -> Vec<u8> {
    let input = ExportInput {
        doc,
        store: s,
        gazetteer: gazetteer().unwrap(),
        notes: s.live().collect(),
        filter: "all notes".to_owned(),
    };
    export(&input, f, record_reader::core::notes::model::now()).unwrap()
}

/// The first "created …" time of a Markdown export.
fn first_created_time(md: &str) -> String {
    let at = md.find("created ").expect("a created time") + "created ".len();
    md[at..].split(' ').next().unwrap_or_default().to_owned()
}

#[test]
fn markdown_reads_as_markdown_with_front_matter_and_block_ids() {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    let dir = tempfile::tempdir().unwrap();
    let (doc, s) = store(dir.path());
    let md = String::from_utf8(bytes(&doc, &s, Format::Md)).unwrap();
    let mut in_meta = false;
    let mut meta = String::new();
    let mut h2 = Vec::new();
    let mut quotes = 0;
    let mut heading: Option<HeadingLevel> = None;
    let mut text = String::new();
    for e in Parser::new_ext(&md, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS) {
        match e {
            Event::Start(Tag::MetadataBlock(_)) => in_meta = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_meta = false,
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level),
            Event::End(TagEnd::Heading(_)) => heading = None,
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::Text(t) if in_meta => meta.push_str(&t),
            Event::Text(t) => {
                if heading == Some(HeadingLevel::H2) {
                    h2.push(t.to_string());
                }
                text.push_str(&t);
            }
            _ => {}
        }
    }
    assert!(meta.contains("title: \"Promoting Democracy and Human Rights\""), "{meta}");
    assert!(
        meta.contains(&format!("doc_rev: \"{}\"", doc.rev))
            && meta.contains("exported_at:")
            && meta.contains("filter:")
    );
    assert_eq!(quotes, 2 * HOSTILE.len(), "the passage and the note body, each a block of its own");
    assert!(md.contains("\nAuthor: Ada Lovelace (ada@example.org)\n"), "{md}");
    assert!(md.contains("\nAuthor: Grace Hopper\n"));
    assert!(md.contains("\nAuthor: Ada Lovelace (ada@example.org) · edited by Grace Hopper\n"));
    assert_eq!(md.matches("\nAuthor: ").count(), 3, "no line for a note without an author");
    // The passage a plain quote, the note a note callout under it: told apart at a glance.
    assert_eq!(md.matches("\n> [!NOTE]\n>\n").count(), HOSTILE.iter().filter(|b| !b.trim().is_empty()).count());
    for block in md.split("\n\n").filter(|b| b.starts_with("> ") && !b.starts_with("> [!NOTE]")) {
        assert!(!block.contains("[!NOTE]"), "a passage is no callout: {block}");
    }
    // Times to the second: "2026-12-07T00:17:23Z", no fraction.
    let stamp = first_created_time(&md);
    assert!(!stamp.contains('.'), "{stamp}");
    assert!(h2.contains(&"Advancing Democracy Worldwide".to_owned()));
    for n in s.live() {
        assert!(md.contains(&format!("^note-{}", n.id)), "block id of {}", n.id);
    }
    assert!(text.contains("#tag0") && text.contains("right-to-left") && text.contains("🌍"));
}

#[test]
fn html_escapes_everything_and_has_one_article_per_note() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, s) = store(dir.path());
    let html = String::from_utf8(bytes(&doc, &s, Format::Html)).unwrap();
    let page = scraper::Html::parse_document(&html);
    let sel = |q: &str| scraper::Selector::parse(q).unwrap();
    assert_eq!(page.select(&sel("script")).count(), 0, "a note's <script> must stay text");
    assert_eq!(page.select(&sel("b")).count(), 0);
    assert_eq!(page.select(&sel("article")).count(), HOSTILE.len());
    let all_text: String = page.root_element().text().collect();
    assert!(all_text.contains("<script>alert('x')</script>"));
    assert!(all_text.contains("مرحبا بالعالم") && all_text.contains("🌍"));
    assert!(page.select(&sel("style")).next().unwrap().inner_html().contains("prefers-color-scheme:dark"));
    for n in s.live() {
        assert_eq!(page.select(&sel(&format!("article#note-{}", n.id))).count(), 1);
    }
    // Markdown in the body is rendered.
    assert!(page.select(&sel("article strong")).any(|e| e.text().collect::<String>() == "Markdown"));
}

#[test]
fn csv_has_a_bom_the_columns_and_no_live_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, s) = store(dir.path());
    let data = bytes(&doc, &s, Format::Csv);
    assert!(data.starts_with(b"\xEF\xBB\xBF"));
    let mut r = csv::Reader::from_reader(&data[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        [
            "id",
            "group",
            "section",
            "entry",
            "regions",
            "countries",
            "kind",
            "color",
            "quote",
            "note",
            "tags",
            "created",
            "modified",
            "author"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), HOSTILE.len());
    let notes: Vec<&str> = rows.iter().map(|r| &r[9]).collect();
    assert!(notes.contains(&HOSTILE[1]), "quotes, commas and newlines survive");
    assert!(notes.contains(&"'=HYPERLINK(\"http://evil\")"));
    assert!(notes.contains(&"'-1+2 @SUM(A1) \ttabbed"));
    assert!(notes.contains(&HOSTILE[4]) && notes.contains(&HOSTILE[5]));
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "live formula: {cell}");
        }
    }
    assert_eq!(&rows[0][1], "", "the seed's sections have no group");
    assert_eq!(&rows[0][3], "1.1");
    assert_eq!(&rows[0][4], "WHA");
    let authors: Vec<&str> = rows.iter().map(|r| &r[13]).collect();
    assert_eq!(authors.iter().filter(|a| **a == "Ada Lovelace").count(), 2, "{authors:?}");
    assert_eq!(authors.iter().filter(|a| **a == "Grace Hopper").count(), 1, "{authors:?}");
    assert_eq!(authors.iter().filter(|a| a.is_empty()).count(), 3, "notes of before authors: blank");
}

#[test]
fn json_follows_the_w3c_web_annotation_model() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, s) = store(dir.path());
    let v: serde_json::Value = serde_json::from_slice(&bytes(&doc, &s, Format::Json)).unwrap();
    assert_eq!(v["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(v["type"], "AnnotationCollection");
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), HOSTILE.len());
    for a in items {
        assert_eq!(a["type"], "Annotation");
        assert!(a["id"].as_str().unwrap().starts_with("urn:uuid:"));
        assert!(["commenting", "highlighting"].contains(&a["motivation"].as_str().unwrap()));
        let body = a["body"].as_array().unwrap();
        assert!(body.iter().any(|b| b["type"] == "TextualBody" && b["format"] == "text/markdown"));
        assert!(body.iter().any(|b| b["purpose"] == "tagging" && b["value"] == "shared"));
        let sel = a["target"]["selector"].as_array().unwrap();
        assert!(sel.iter().any(|s| s["type"] == "TextQuoteSelector" && s["exact"].is_string()));
        assert!(sel.iter().any(|s| s["type"] == "TextPositionSelector" && s["start"].is_u64()));
        // The record's web address, with the entry as the fragment (import reads it back).
        let source = a["target"]["source"].as_str().unwrap();
        let url = doc.meta.url.as_deref().unwrap();
        assert!(source.starts_with(&format!("{url}#e-")), "{source}");
    }
    let creators: Vec<&serde_json::Value> = items.iter().filter_map(|a| a.get("creator")).collect();
    assert_eq!(creators.len(), 3, "a creator for each note with an author, none for the rest");
    assert!(
        creators.contains(&&serde_json::json!({"type": "Person", "name": "Ada Lovelace", "id": "ada@example.org"}))
    );
    assert!(creators.contains(&&serde_json::json!({"type": "Person", "name": "Grace Hopper"})));
}

#[test]
fn ron_and_json_round_trip_through_import() {
    for format in [Format::Ron, Format::Json] {
        let dir = tempfile::tempdir().unwrap();
        let (doc, s) = store(dir.path());
        let data = bytes(&doc, &s, format);
        let empty = std::collections::BTreeMap::new();
        let plan = plan_import(&data, &doc, &empty).unwrap();
        assert_eq!(plan.add.len(), HOSTILE.len(), "{format:?}: {}", plan.summary());
        assert!(plan.skip.is_empty() && plan.orphaned.is_empty(), "{format:?}: {}", plan.summary());
        for n in &plan.add {
            let orig: &Note = &s.notes[&n.id];
            assert_eq!(n, orig, "{format:?}: the same note comes back");
        }
        // Importing into the same store again changes nothing.
        let again = plan_import(&data, &doc, &s.notes).unwrap();
        assert_eq!((again.add.len(), again.update.len(), again.skip.len()), (0, 0, HOSTILE.len()));
    }
}

#[test]
fn annotations_from_another_tool_import_and_orphans_are_reported() {
    let doc = embedded().unwrap();
    let other = serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [
            {"id": "https://hypothes.is/a/abc123", "type": "Annotation", "motivation": "commenting",
             "body": {"type": "TextualBody", "value": "Sierra Leone court"},
             "target": {"source": "https://clintonwhitehouse.example/record.html",
                        "selector": {"type": "TextQuoteSelector", "exact": "special independent court", "prefix": "establishment of a ", "suffix": " to bring"}}},
            {"id": "https://hypothes.is/a/gone", "type": "Annotation",
             "target": {"selector": [{"type": "TextQuoteSelector", "exact": "a passage from some other page entirely"}]}},
            {"id": "https://hypothes.is/a/noquote", "type": "Annotation", "target": {"source": "x"}}
        ]
    });
    let plan = plan_import(other.to_string().as_bytes(), &doc, &Default::default()).unwrap();
    assert_eq!(plan.add.len(), 2);
    assert_eq!(plan.skip.len(), 1, "no TextQuoteSelector");
    assert_eq!(plan.orphaned.len(), 1);
    let placed = plan.add.iter().find(|n| n.body == "Sierra Leone court").unwrap();
    assert_eq!(doc.find_entry(&placed.anchor.entry_id).unwrap().1.number, "3.2");
    assert!(plan.summary().contains("2 to add, 0 to update, 1 to skip"));
}

#[test]
fn headings_nest_under_the_groups_of_a_record_with_two_levels() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/fixtures/two-heading-levels.txt").unwrap();
    let doc = record_reader::core::open::from_bytes(text.as_bytes(), Some("two-heading-levels.txt")).unwrap();
    let mut s = NotesStore::open(dir.path(), &doc.id);
    for (si, body) in [(0, "on Kosovo"), (1, "on Kashmir"), (2, "on Mexico")] {
        s.put(Note::on_entry(&doc, &doc.sections[si].entries[0], body));
    }
    let md = String::from_utf8(bytes(&doc, &s, Format::Md)).unwrap();
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# Notes on PERFORMANCE HIGHLIGHTS OF THE DEPARTMENT",
            "## REGIONAL STABILITY",
            "### Positive Results",
            "#### 1.1 · Key claim · note",
            "### Continuing Challenges",
            "#### 2.1 · Key claim · note",
            "## ECONOMIC PROSPERITY",
            "### Positive Results",
            "#### 3.1 · Key claim · note",
        ]
    );
    let html = String::from_utf8(bytes(&doc, &s, Format::Html)).unwrap();
    assert!(html.contains("<h2>ECONOMIC PROSPERITY</h2>\n<h3>Positive Results</h3>"), "{html}");
    let data = bytes(&doc, &s, Format::Csv);
    let mut r = csv::Reader::from_reader(&data[3..]);
    let first = r.records().next().unwrap().unwrap();
    assert_eq!((&first[1], &first[2]), ("REGIONAL STABILITY", "Positive Results"));
    let v: serde_json::Value = serde_json::from_slice(&bytes(&doc, &s, Format::Json)).unwrap();
    assert_eq!(v["first"]["items"][0]["record_reader"]["group"], "REGIONAL STABILITY");
}

/// A fact sheet's groups with no heading of their own are named by their lead-ins in every
/// export, not "Entries" twice.
#[test]
fn a_group_without_a_heading_is_exported_under_its_lead_in() {
    let dir = tempfile::tempdir().unwrap();
    let doc = record_reader::core::open::open_path(std::path::Path::new("tests/fixtures/lead-in-groups.md")).unwrap();
    let mut s = NotesStore::open(dir.path(), &doc.id);
    s.put(Note::on_entry(&doc, &doc.sections[0].entries[0], "past"));
    s.put(Note::on_entry(&doc, &doc.sections[1].entries[0], "coming"));
    let md = String::from_utf8(bytes(&doc, &s, Format::Md)).unwrap();
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        ["## In the past year, the Administration has:", "## In the coming year, the Administration will:"]
    );
    let data = bytes(&doc, &s, Format::Csv);
    let mut r = csv::Reader::from_reader(&data[3..]);
    let first = r.records().next().unwrap().unwrap();
    assert!(first.iter().any(|f| f == "In the past year, the Administration has:"), "{first:?}");
}
