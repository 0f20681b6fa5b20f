//! Import: notes files of this app (RON) and W3C Web Annotation JSON (this app's, or another
//! tool's with a `TextQuoteSelector`). Notes merge by id, newest `modified` wins; notes whose
//! passage cannot be found are listed as orphaned. The plan is shown before anything is written.

use super::w3c::{Annotation, Selector};
use crate::core::Document;
use crate::core::notes::SetAside;
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
    /// Records to keep in the notes file's `.rejected` when the import is done: the older of
    /// two with the same id, and records that could not be read.
    pub set_aside: Vec<SetAside>,
}

impl ImportPlan {
    pub fn summary(&self) -> String {
        let mut s = format!("{} to add, {} to update, {} to skip", self.add.len(), self.update.len(), self.skip.len());
        if !self.orphaned.is_empty() {
            s.push_str(&format!(" ({} orphaned: their passage is not in this document)", self.orphaned.len()));
        }
        if !self.set_aside.is_empty() {
            s.push_str(&format!("; {} set aside in .rejected", self.set_aside.len()));
        }
        s
    }

    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.add.iter().chain(&self.update)
    }
}

/// An imported note: whether its file gave it a date (`modified` or `created`).
struct Incoming {
    note: Note,
    dated: bool,
}

/// Reads `bytes` (RON or W3C JSON) and works out what importing them into `existing` would do.
pub fn plan_import(bytes: &[u8], doc: &Document, existing: &crate::core::notes::NoteMap) -> Result<ImportPlan, String> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut plan = ImportPlan::default();
    let looks_json = bytes.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| matches!(b, b'{' | b'['));
    let notes = if looks_json {
        let text = std::str::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_owned())?;
        from_w3c(text, doc, &mut plan)?
    } else {
        let (notes, set_aside) = notes_from_ron(bytes)?;
        plan.skip.extend(set_aside.iter().map(|r| (first_words(&r.raw), r.why.clone())));
        plan.set_aside.extend(set_aside);
        notes.into_iter().map(|note| Incoming { note, dated: true }).collect()
    };
    for Incoming { mut note, dated } in notes {
        note.anchor.doc_id = doc.id.clone();
        let orphan = matches!(reanchor(&mut note, doc), Placement::Orphaned | Placement::NewlyOrphaned);
        match existing.get(&note.id) {
            // Without a date, "newer" means nothing: a note with the same content is the
            // same note (even if it was moved to the Trash here), one with other content
            // replaces it but stays where it was (Trash or not).
            Some(mine) if !dated => {
                if same_content(mine, &note) {
                    plan.skip.push((note.id.to_string(), "the same note is already here".to_owned()));
                    continue;
                }
                note.deleted = mine.deleted;
                note.created = mine.created;
                plan.update.push(note.clone());
            }
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

/// The same passage, text, tags and colour (dates and the Trash aside).
fn same_content(a: &Note, b: &Note) -> bool {
    a.kind == b.kind
        && a.anchor.quote.exact == b.anchor.quote.exact
        && a.body == b.body
        && a.tags == b.tags
        && a.color == b.color
}

/// The start of a record, to name it in a list.
fn first_words(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut s: String = text.chars().take(48).collect();
    if text.chars().count() > 48 {
        s.push('…');
    }
    s
}

fn parse_time(v: Option<&str>) -> Option<OffsetDateTime> {
    v.and_then(|s| OffsetDateTime::parse(s, &Rfc3339).ok())
}

fn from_w3c(text: &str, doc: &Document, plan: &mut ImportPlan) -> Result<Vec<Incoming>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    // A collection (items on its first page), a page, a bare list, or one annotation.
    let items: &[Value] = if let Some(items) = v.pointer("/first/items").and_then(Value::as_array) {
        items
    } else if let Some(items) = v.get("items").and_then(Value::as_array) {
        items
    } else if let Some(list) = v.as_array() {
        list
    } else if v.get("type").and_then(Value::as_str) == Some("Annotation") {
        std::slice::from_ref(&v)
    } else {
        return Err("no Web Annotations found in this JSON".to_owned());
    };
    // Each id once: of two annotations with the same id, the one changed last is kept (the
    // later in the file when that cannot be told), and the other set aside.
    let mut by_id: std::collections::HashMap<Uuid, usize> = std::collections::HashMap::new();
    let mut notes: Vec<Option<Incoming>> = Vec::new();
    for (position, raw) in items.iter().enumerate() {
        let a = Annotation::read(raw);
        let name = a.id.clone().unwrap_or_else(|| format!("(no id, item {})", position + 1));
        let incoming = match annotation(&a, raw, position, doc) {
            Ok(n) => n,
            Err(why) => {
                plan.skip.push((name, why));
                continue;
            }
        };
        let id = incoming.note.id;
        if let Some(&earlier) = by_id.get(&id) {
            let keep_new = notes[earlier].as_ref().is_none_or(|old| incoming.note.modified >= old.note.modified);
            let (kept, dropped) = if keep_new { (Some(incoming), earlier) } else { (None, position) };
            let dropped_raw = if keep_new { &items[dropped] } else { raw };
            let why = format!("a second annotation with the id {name}; the one changed last was kept");
            plan.skip.push((name, why.clone()));
            plan.set_aside.push(SetAside { raw: serde_json::to_vec(dropped_raw).unwrap_or_default(), why });
            if let Some(k) = kept {
                notes[earlier] = None;
                by_id.insert(id, notes.len());
                notes.push(Some(k));
            }
            continue;
        }
        by_id.insert(id, notes.len());
        notes.push(Some(incoming));
    }
    Ok(notes.into_iter().flatten().collect())
}

/// The note id of an annotation: ours are `urn:uuid:…`; another tool's id maps to a stable
/// UUID (v5), so a re-import merges. Without a usable id, the id is made from the
/// annotation's content as written (`raw`) and its place in the file, so that two different
/// annotations never share one, and the same file imported again gives the same ids.
fn note_id(a: &Annotation, raw: &Value, position: usize) -> Uuid {
    match &a.id {
        Some(id) => id
            .strip_prefix("urn:uuid:")
            .and_then(|u| Uuid::parse_str(u).ok())
            .unwrap_or_else(|| Uuid::new_v5(&Uuid::NAMESPACE_URL, id.as_bytes())),
        None => {
            let mut key = format!("record-reader:anonymous-annotation:{position}:").into_bytes();
            key.extend(serde_json::to_vec(&raw.get("target")).unwrap_or_default());
            key.extend(serde_json::to_vec(&raw.get("body")).unwrap_or_default());
            Uuid::new_v5(&Uuid::NAMESPACE_OID, &key)
        }
    }
}

/// The note an annotation stands for (`raw`: as written, at `position` in the file), or why
/// it cannot be one.
fn annotation(a: &Annotation, raw: &Value, position: usize, doc: &Document) -> Result<Incoming, String> {
    let target = a.target.as_ref().ok_or("no target")?;
    let quote = a.selector(Selector::QUOTE).ok_or("no TextQuoteSelector")?;
    let text_of = |part: &Option<String>| part.clone().unwrap_or_default();
    let exact = text_of(&quote.exact);
    if exact.is_empty() {
        return Err("empty quote".to_owned());
    }
    let at = a.selector(Selector::POSITION);
    let pos = |part: fn(&Selector) -> Option<u64>| at.and_then(part).map_or(0, |n| n as usize);
    let source = target.source.as_deref().unwrap_or("");
    let ext = a.record_reader.as_ref();
    let (body, tags) = body_and_tags(a);
    let (created, modified) = (parse_time(a.created.as_deref()), parse_time(a.modified.as_deref()));
    let dated = created.is_some() || modified.is_some();
    let created = created.or(modified).unwrap_or_else(now);
    let note = Note {
        id: note_id(a, raw, position),
        kind: kind(a, &exact, doc),
        anchor: Anchor {
            doc_id: doc.id.clone(),
            doc_rev: ext.and_then(|e| e.doc_rev.clone()).unwrap_or_default(),
            entry_id: source.rsplit_once('#').map(|(_, e)| e.to_owned()).unwrap_or_default(),
            quote: TextQuote { exact, prefix: text_of(&quote.prefix), suffix: text_of(&quote.suffix) },
            start: pos(|s| s.start),
            end: pos(|s| s.end),
            unplaced_on: None,
        },
        body,
        tags,
        color: ext
            .and_then(|e| e.color.as_deref())
            .filter(|c| PALETTE.iter().any(|p| p.0 == *c))
            .unwrap_or(PALETTE[0].0)
            .to_owned(),
        created,
        modified: modified.unwrap_or(created),
        deleted: ext.and_then(|e| parse_time(e.deleted.as_deref())),
        created_by: super::w3c::creator_of(a),
        modified_by: ext
            .and_then(|e| e.modified_by.as_ref())
            .and_then(super::w3c::Creator::author)
            .or_else(|| super::w3c::creator_of(a)),
        extra: Vec::new(),
    };
    Ok(Incoming { note, dated })
}

/// A highlight or an entry note: as this app said, else by its motivation, else an entry
/// note when it quotes a whole entry.
fn kind(a: &Annotation, exact: &str, doc: &Document) -> NoteKind {
    match a.record_reader.as_ref().and_then(|e| e.kind) {
        Some(kind) => kind,
        None if a.motivation.as_deref() == Some("highlighting") => NoteKind::Highlight,
        // A comment on a whole entry's text is an entry note.
        None if doc.entries().any(|(_, e)| e.text == exact) => NoteKind::EntryNote,
        None => NoteKind::Highlight,
    }
}

/// The note's text (its bodies but the tags, a blank line between) and its tags.
fn body_and_tags(a: &Annotation) -> (String, Vec<String>) {
    let mut body = String::new();
    let mut tags = Vec::new();
    for b in &a.body {
        let value = b.value.as_deref().unwrap_or("");
        if b.purpose.as_deref() == Some("tagging") {
            tags.extend(crate::core::notes::model::clean_tag(value));
        } else {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            body.push_str(value);
        }
    }
    (body, tags)
}
