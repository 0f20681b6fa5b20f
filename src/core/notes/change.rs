//! What changed between two states of the notes, in words: what Undo and Redo tell the
//! reader they did ("Undid: colour change").

use super::model::Note;
use super::model::NoteMap;

/// The change from `before` to `after`, as a few words.
pub fn describe(before: &NoteMap, after: &NoteMap) -> String {
    let added: Vec<&Note> = after.iter().filter(|(id, _)| !before.contains_key(*id)).map(|(_, n)| &**n).collect();
    let removed = before.keys().filter(|id| !after.contains_key(*id)).count();
    let changed: Vec<(&Note, &Note)> = after
        .iter()
        .filter_map(|(id, n)| before.get(id).filter(|b| !std::sync::Arc::ptr_eq(b, n)).map(|b| (&**b, &**n)))
        .filter(|(b, n)| b != n)
        .collect();
    match (added.as_slice(), removed, changed.as_slice()) {
        ([], 0, []) => "no change".to_owned(),
        ([n], 0, []) if n.kind == super::NoteKind::Highlight => "new highlight".to_owned(),
        ([_], 0, []) => "new note".to_owned(),
        ([], 1, []) => "note deleted".to_owned(),
        ([], 0, [(b, n)]) => field_change(b, n).to_owned(),
        ([], removed, []) => format!("{removed} notes deleted"),
        _ => format!("{} notes changed", added.len() + removed + changed.len()),
    }
}

/// Which part of one note changed.
fn field_change(before: &Note, after: &Note) -> &'static str {
    match () {
        () if before.deleted.is_none() && after.deleted.is_some() => "move to the Trash",
        () if before.deleted.is_some() && after.deleted.is_none() => "restore from the Trash",
        () if before.color != after.color => "colour change",
        () if before.tags != after.tags => "tag change",
        () if before.body != after.body => "note text",
        () if before.anchor != after.anchor => "note moved to another passage",
        () => "note change",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn each_kind_of_change_is_named() {
        let doc = crate::core::open::embedded().unwrap();
        let entry = &doc.sections[0].entries[0];
        let note = Note::on_entry(&doc, entry, "text");
        let id = note.id;
        let empty = NoteMap::new();
        let one: NoteMap = [(id, Arc::new(note.clone()))].into();
        assert_eq!(describe(&empty, &one), "new note");
        assert_eq!(describe(&one, &empty), "note deleted");
        assert_eq!(describe(&one, &one), "no change");
        let with = |f: &dyn Fn(&mut Note)| {
            let mut n = note.clone();
            f(&mut n);
            NoteMap::from([(id, Arc::new(n))])
        };
        assert_eq!(describe(&one, &with(&|n| n.color = "red".into())), "colour change");
        assert_eq!(describe(&one, &with(&|n| n.tags.push("oas".into()))), "tag change");
        assert_eq!(describe(&one, &with(&|n| n.body = "other".into())), "note text");
        assert_eq!(describe(&one, &with(&|n| n.move_to_trash(n.modified))), "move to the Trash");
        let highlight = Note::highlight(&doc, entry, 0, 6, "");
        assert_eq!(describe(&empty, &[(highlight.id, Arc::new(highlight))].into()), "new highlight");
    }
}
