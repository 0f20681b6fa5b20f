//! Import: notes files of this app (RON) and W3C Web Annotation JSON (this app's, or another
//! tool's with a TextQuoteSelector). Notes merge by id, newest `modified` wins; notes whose
//! passage cannot be found are listed as orphaned. The plan is shown before anything is written.

use crate::core::Document;
use crate::core::notes::anchor::{Placement, reanchor};
use crate::core::notes::model::{Anchor, Note, NoteKind, PALETTE, TextQuote, now};
use crate::core::notes::store::notes_from_ron;
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// What an import would do.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub add: Vec<Note>,
    pub update: Vec<Note>,
    /// Notes left out, with the reason.
    pub skip: Vec<(String, String)>,
    /// Ids (among add/update) whose passage is not in this document.
    pub orphaned: Vec<Uuid>,
}

impl ImportPlan {
    pub fn summary(&self) -> String {
        let mut s = format!("{} to add, {} to update, {} to skip", self.add.len(), self.update.len(), self.skip.len());
        if !self.orphaned.is_empty() {
            s.push_str(&format!(" ({} orphaned: their passage is not in this document)", self.orphaned.len()));
        }
        s
    }

    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.add.iter().chain(&self.update)
    }
}

/// Reads `bytes` (RON or W3C JSON) and works out what importing them into `existing` would do.
pub fn plan_import(bytes: &[u8], doc: &Document, existing: &crate::core::notes::NoteMap) -> Result<ImportPlan, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the file is not text".to_owned())?;
    let text = text.trim_start_matches('\u{feff}');
    let mut plan = ImportPlan::default();
    let notes = if text.trim_start().starts_with(['{', '[']) {
        from_w3c(text, doc, &mut plan)?
    } else {
        let (notes, bad) = notes_from_ron(text)?;
        plan.skip.extend(bad.into_iter().map(|why| ("(unreadable record)".to_owned(), why)));
        notes
    };
    for mut note in notes {
        note.anchor.doc_id = doc.id.clone();
        let orphan = reanchor(&mut note, doc) == Placement::Orphaned;
        match existing.get(&note.id) {
            Some(mine) if note.modified <= mine.modified => {
                plan.skip.push((note.id.to_string(), "the note here is as new or newer".to_owned()));
                continue;
            }
            Some(_) => plan.update.push(note.clone()),
            None => plan.add.push(note.clone()),
        }
        if orphan {
            plan.orphaned.push(note.id);
        }
    }
    Ok(plan)
}

fn parse_time(v: Option<&Value>) -> Option<OffsetDateTime> {
    v.and_then(Value::as_str).and_then(|s| OffsetDateTime::parse(s, &Rfc3339).ok())
}

fn from_w3c(text: &str, doc: &Document, plan: &mut ImportPlan) -> Result<Vec<Note>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    // A collection (items on its first page), a page, a bare list, or one annotation.
    let items: Vec<Value> = if let Some(items) = v.pointer("/first/items").and_then(Value::as_array) {
        items.clone()
    } else if let Some(items) = v.get("items").and_then(Value::as_array) {
        items.clone()
    } else if let Some(list) = v.as_array() {
        list.clone()
    } else if v.get("type").and_then(Value::as_str) == Some("Annotation") {
        vec![v.clone()]
    } else {
        return Err("no Web Annotations found in this JSON".to_owned());
    };
    let mut notes = Vec::new();
    for a in items {
        let raw_id = a.get("id").and_then(Value::as_str).unwrap_or("").to_owned();
        match annotation(&a, doc) {
            Ok(n) => notes.push(n),
            Err(why) => plan.skip.push((if raw_id.is_empty() { "(no id)".to_owned() } else { raw_id }, why)),
        }
    }
    Ok(notes)
}

fn annotation(a: &Value, doc: &Document) -> Result<Note, String> {
    let raw_id = a.get("id").and_then(Value::as_str).unwrap_or("");
    // Our ids are urn:uuid:…; another tool's ids map to a stable UUID (v5) so re-imports merge.
    let id = raw_id
        .strip_prefix("urn:uuid:")
        .and_then(|u| Uuid::parse_str(u).ok())
        .unwrap_or_else(|| Uuid::new_v5(&Uuid::NAMESPACE_URL, raw_id.as_bytes()));
    let target = a.get("target").ok_or("no target")?;
    let selectors: Vec<&Value> = match target.get("selector") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let quote = selectors
        .iter()
        .find(|s| s.get("type").and_then(Value::as_str) == Some("TextQuoteSelector"))
        .ok_or("no TextQuoteSelector")?;
    let text_of = |k: &str| quote.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let exact = text_of("exact");
    if exact.is_empty() {
        return Err("empty quote".to_owned());
    }
    let position = selectors.iter().find(|s| s.get("type").and_then(Value::as_str) == Some("TextPositionSelector"));
    let pos = |k: &str| position.and_then(|p| p.get(k)).and_then(Value::as_u64).map_or(0, |n| n as usize);
    let source = target.get("source").and_then(Value::as_str).unwrap_or("");
    let entry_id = source.rsplit_once('#').map(|(_, e)| e.to_owned()).unwrap_or_default();
    let ext = a.get("record_reader");
    let kind = match ext.and_then(|e| e.get("kind")).and_then(Value::as_str) {
        Some("EntryNote") => NoteKind::EntryNote,
        Some("Highlight") => NoteKind::Highlight,
        _ if a.get("motivation").and_then(Value::as_str) == Some("highlighting") => NoteKind::Highlight,
        // A comment on a whole entry's text is an entry note.
        _ if doc.entries().any(|(_, e)| e.text == exact) => NoteKind::EntryNote,
        _ => NoteKind::Highlight,
    };
    let bodies: Vec<&Value> = match a.get("body") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let mut body = String::new();
    let mut tags = Vec::new();
    for b in bodies {
        let value = b.get("value").and_then(Value::as_str).unwrap_or("");
        match b.get("purpose").and_then(Value::as_str) {
            Some("tagging") => tags.extend(crate::core::notes::model::clean_tag(value)),
            _ => {
                if !body.is_empty() {
                    body.push_str("\n\n");
                }
                body.push_str(value);
            }
        }
    }
    let color = ext
        .and_then(|e| e.get("color"))
        .and_then(Value::as_str)
        .filter(|c| PALETTE.iter().any(|p| p.0 == *c))
        .unwrap_or(PALETTE[0].0)
        .to_owned();
    let created = parse_time(a.get("created")).unwrap_or_else(now);
    let modified = parse_time(a.get("modified")).unwrap_or(created);
    let deleted = ext.and_then(|e| parse_time(e.get("deleted")));
    Ok(Note {
        id,
        kind,
        anchor: Anchor {
            doc_id: doc.id.clone(),
            doc_rev: ext.and_then(|e| e.get("doc_rev")).and_then(Value::as_str).unwrap_or("").to_owned(),
            entry_id,
            quote: TextQuote { exact, prefix: text_of("prefix"), suffix: text_of("suffix") },
            start: pos("start"),
            end: pos("end"),
        },
        body,
        tags,
        color,
        created,
        modified,
        deleted,
    })
}
