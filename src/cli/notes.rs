//! `record-reader notes …`: the same store and rules as the window.

use super::load_document;
use super::text::{Console, path, visible};
use crate::core::Document;
use crate::core::notes::conflicts::conflict_of;
use crate::core::notes::model::{NoteKind, PALETTE, char_slice, clean_tag, now};
use crate::core::notes::{Author, Note, NoteFilter, NotesStore};
use anyhow::{Context as _, bail};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum NotesCommand {
    /// List the notes of a document (the built-in record when FILE is omitted).
    List {
        file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// List the Trash instead.
        #[arg(long)]
        trash: bool,
    },
    /// Add a note to an entry, or a highlight of a passage with --quote.
    Add {
        file: Option<PathBuf>,
        /// The entry's id or number ("2.3").
        #[arg(long, value_name = "ID_OR_NUMBER")]
        entry: String,
        /// Highlight this passage of the entry (it must occur in the entry's text).
        #[arg(long)]
        quote: Option<String>,
        #[arg(long, default_value = "")]
        body: String,
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
        /// A colour key: yellow, red, blue, green or purple.
        #[arg(long, value_name = "KEY", value_parser = parse_color)]
        color: Option<String>,
        /// Who writes the note (default: git's user.name and user.email, else the login name).
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
    },
    /// Write the complete notes of a notes file that cannot be read (one cut short, say) to a
    /// new file beside it, `<notes file>.recovered`; the file itself is left as it is.
    Recover {
        /// The document whose notes file it is (the built-in record when omitted).
        #[arg(conflicts_with = "notes_file")]
        file: Option<PathBuf>,
        /// The notes file itself, instead of the document's.
        #[arg(long, value_name = "NOTES_FILE")]
        notes_file: Option<PathBuf>,
    },
    /// Git's merge driver for notes files (`share init` registers it): merges the common
    /// version, ours and theirs note by note into OURS; what both sides changed differently
    /// keeps the later change and sets the other aside in PATH.rejected.
    #[command(hide = true)]
    MergeDriver { base: PathBuf, ours: PathBuf, theirs: PathBuf, path: PathBuf },
    /// Merge the conflict copies that Syncthing, Nextcloud or Dropbox left in the notes folder
    /// (`<id>.notes.sync-conflict-….ron`, `<id>.notes (conflicted copy ….ron`, `<id>.notes
    /// (Jane's conflicted copy ….ron`) into the notes files they are copies of, note by note,
    /// and remove each once its notes are saved. One that cannot be read is kept, and the
    /// command fails saying why.
    MergeConflicts,
    /// Move a note to the Trash (or remove it for good with --purge).
    Rm {
        id: uuid::Uuid,
        /// The document; without it every notes file in the notes folder is searched.
        file: Option<PathBuf>,
        #[arg(long)]
        purge: bool,
    },
}

fn parse_color(s: &str) -> Result<String, String> {
    PALETTE
        .iter()
        .find(|p| p.0.eq_ignore_ascii_case(s) || p.1.eq_ignore_ascii_case(s))
        .map(|p| p.0.to_owned())
        .ok_or_else(|| format!("{s:?} is not a colour; use {}", PALETTE.map(|p| p.0).join(", ")))
}

/// Opens a document's notes, places them on the document and saves what moved. Fails when
/// the notes file cannot be read, saying why (and how to recover its complete notes): a
/// script must not take "no notes" for an answer then.
fn open_store(
    doc: &Document,
    dir: &Path,
    file: Option<&Path>,
    con: &Console<'_>,
) -> anyhow::Result<(NotesStore, Vec<uuid::Uuid>)> {
    // Takes over, once, the record's notes file of before its id took in its title and entries.
    let mut store = NotesStore::open_document(dir, doc);
    for w in &store.warnings {
        con.warn(w);
    }
    if let Some(why) = &store.unreadable {
        bail!("{why}{}", recover_hint(&store.path, file));
    }
    if let Some(r) = &store.read_only {
        con.warn(r);
    }
    // Conflict copies a sync tool left: merged in, and removed by the save below.
    store.merge_conflict_copies();
    let orphans = store.reanchor(doc);
    if !store.is_read_only()
        && store.state == crate::core::notes::SaveState::Unsaved
        && let Err(e) = store.save()
    {
        // Only placements and recovered notes were to be written: reading goes on, and a
        // command that changes the notes fails at its own save.
        con.warn(&e.to_string());
    }
    tell_conflicts(&mut store, con);
    Ok((store, orphans))
}

/// Says on stderr what became of conflict copies: merged and removed, or kept and why.
fn tell_conflicts(store: &mut NotesStore, con: &Console<'_>) {
    for news in store.take_conflict_news() {
        con.warn(&news.to_string());
    }
}

/// `notes merge-conflicts`: every conflict copy in the notes folder merged into its notes
/// file and removed once saved; what was done is said per copy. Fails, saying why, when a
/// copy could not be merged (it is kept).
fn merge_conflicts(dir: &Path, con: &mut Console<'_>) -> anyhow::Result<()> {
    use crate::core::notes::conflicts::conflict_copies;
    let copies = conflict_copies(dir).with_context(|| format!("cannot read the notes folder {}", path(dir)))?;
    if copies.is_empty() {
        writeln!(con.out, "No conflict copies of notes files in {}.", path(dir))?;
        return Ok(());
    }
    let files: std::collections::BTreeSet<&str> = copies.iter().map(|c| c.of.as_str()).collect();
    let mut kept = Vec::new();
    for file in files {
        let doc_id = file.strip_suffix(".notes.ron").unwrap_or(file);
        let mut store = NotesStore::open(dir, doc_id);
        for w in &store.warnings {
            con.warn(w);
        }
        if let Some(why) = store.read_only.clone() {
            for c in copies.iter().filter(|c| c.of == file) {
                writeln!(con.out, "{}: {} was not merged: {why}", visible(file), visible(&c.name()))?;
                kept.push(c.name());
            }
            continue;
        }
        store.merge_conflict_copies();
        if store.state == crate::core::notes::SaveState::Unsaved
            && let Err(e) = store.save()
        {
            store.give_up_conflict_copies(&e.to_string());
        }
        for news in store.take_conflict_news() {
            writeln!(con.out, "{}: {}", visible(file), visible(&news.to_string()))?;
            if !news.done() {
                kept.push(news.copy.name());
            }
        }
    }
    if !kept.is_empty() {
        bail!(
            "{} conflict cop{} could not be merged and {} kept: {}",
            kept.len(),
            if kept.len() == 1 { "y" } else { "ies" },
            if kept.len() == 1 { "was" } else { "were" },
            kept.join(", ")
        );
    }
    Ok(())
}

/// How to get the complete notes of an unreadable notes file back, when it holds any.
fn recover_hint(notes_file: &Path, file: Option<&Path>) -> String {
    match crate::core::notes::store::recoverable(notes_file) {
        0 => String::new(),
        n => {
            let arg = file.map_or_else(String::new, |f| format!(" {}", path(f)));
            format!(
                " ({n} complete note(s) in it can be written to a new file beside it with `record-reader notes recover{arg}`)"
            )
        }
    }
}

/// `notes recover`: the complete notes of an unreadable notes file, in a new file beside it.
fn recover(file: Option<&Path>, notes_file: Option<&Path>, dir: &Path, con: &mut Console<'_>) -> anyhow::Result<()> {
    use crate::core::notes::store::{Recovery, notes_path, recover};
    let (from, doc_id) = match notes_file {
        Some(f) => {
            let id = f.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".notes.ron")).unwrap_or("");
            (f.to_owned(), id.to_owned())
        }
        None => {
            let doc = load_document(file)?;
            (notes_path(dir, &doc.id), doc.id)
        }
    };
    match recover(&from, &doc_id)? {
        Recovery::NoFile => bail!("there is no notes file {}", path(&from)),
        Recovery::Readable => writeln!(con.out, "{} can be read as it is: there is nothing to recover.", path(&from))?,
        Recovery::Nothing { left_out } => {
            bail!("{} holds no complete note to recover ({left_out} record(s) in it cannot be read)", path(&from))
        }
        Recovery::Written { to, notes, left_out } => {
            writeln!(con.out, "Recovered {notes} note(s) from {} into {}.", path(&from), path(&to))?;
            if left_out > 0 {
                writeln!(
                    con.out,
                    "{left_out} record(s) could not be read and are not in it (one cut short, as a rule)."
                )?;
            }
            writeln!(
                con.out,
                "{} was left as it is. Check the new file, then move it over the old one to use it.",
                path(&from)
            )?;
            let bak = crate::core::notes::disk::with_suffix(&from, ".bak");
            if bak.is_file() {
                writeln!(con.out, "The file as it was before its last save is in {}.", path(&bak))?;
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct NoteJson<'a> {
    id: String,
    kind: NoteKind,
    section: Option<std::borrow::Cow<'a, str>>,
    entry: Option<&'a str>,
    entry_id: &'a str,
    quote: &'a str,
    body: &'a str,
    tags: &'a [String],
    color: &'a str,
    color_label: &'a str,
    /// Who wrote the note, when known.
    author: Option<&'a str>,
    created: String,
    modified: String,
    deleted: bool,
    orphaned: bool,
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

pub fn run(cmd: NotesCommand, dir_flag: Option<&Path>, con: &mut Console<'_>) -> anyhow::Result<()> {
    let dir = crate::core::notes::folder(dir_flag)?;
    match cmd {
        NotesCommand::List { file, json, trash } => list(file.as_deref(), json, trash, &dir, con),
        NotesCommand::Add { file, entry, quote, body, tags, color, author } => {
            let doc = load_document(file.as_deref())?;
            let author = crate::core::notes::author::current(author.map(|a| Author::named(&a)).as_ref());
            let mut note = new_note(&doc, &entry, quote.as_deref(), &body)?.by(&author);
            note.tags = tags.iter().filter_map(|t| clean_tag(t)).collect();
            if let Some(c) = color {
                note.color = c;
            }
            note.modified = now();
            let id = note.id;
            let (mut store, _) = open_store(&doc, &dir, file.as_deref(), con)?;
            store.put(note);
            // Said as it is: the command ends here, and the note is not kept anywhere.
            store.save().context("the note was not added")?;
            tell_conflicts(&mut store, con);
            writeln!(con.out, "{id}")?;
            Ok(())
        }
        NotesCommand::Rm { id, file, purge } => remove(id, file.as_deref(), purge, &dir, con),
        NotesCommand::Recover { file, notes_file } => recover(file.as_deref(), notes_file.as_deref(), &dir, con),
        NotesCommand::MergeDriver { base, ours, theirs, path } => {
            super::share::merge_driver(&base, &ours, &theirs, &path, con)
        }
        NotesCommand::MergeConflicts => merge_conflicts(&dir, con),
    }
}

/// `notes list`: the notes (or the Trash) in document order, as a table or JSON.
fn list(file: Option<&Path>, json: bool, trash: bool, dir: &Path, con: &mut Console<'_>) -> anyhow::Result<()> {
    let doc = load_document(file)?;
    let (store, orphans) = open_store(&doc, dir, file, con)?;
    let which = if trash { NoteFilter::trash() } else { NoteFilter::live() };
    let notes = which.select(&doc, store.notes.values().map(|n| &**n));
    let rows: Vec<NoteJson<'_>> = notes
        .iter()
        .map(|n| {
            let place = doc.find_entry(&n.anchor.entry_id);
            NoteJson {
                id: n.id.to_string(),
                kind: n.kind,
                section: place.map(|(s, _)| s.label()),
                entry: place.map(|(_, e)| e.number.as_str()),
                entry_id: &n.anchor.entry_id,
                quote: &n.anchor.quote.exact,
                body: &n.body,
                tags: &n.tags,
                color: &n.color,
                color_label: store.label(&n.color),
                author: n.author_name(),
                created: rfc3339(n.created),
                modified: rfc3339(n.modified),
                deleted: n.is_deleted(),
                orphaned: orphans.contains(&n.id),
            }
        })
        .collect();
    if json {
        writeln!(con.out, "{}", super::text::json(&rows)?)?;
    } else if rows.is_empty() {
        writeln!(con.out, "No notes{} for {}.", if trash { " in the Trash" } else { "" }, visible(&doc.meta.title))?;
    }
    for r in rows.iter().filter(|_| !json) {
        let at = r.entry.unwrap_or("orphaned");
        let tags = r.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" ");
        let what = if r.kind == NoteKind::Highlight { format!("“{}” ", r.quote) } else { String::new() };
        let first_line = r.body.lines().next().unwrap_or("");
        // Bodies, quotes, tags and labels are the reader's text: shown, never obeyed.
        let line = format!("{}  {at:>6}  [{}] {what}{first_line} {tags}", r.id, r.color_label);
        writeln!(con.out, "{}", visible(&line))?;
    }
    Ok(())
}

/// `notes add`: a note on the entry numbered or named `entry`, or a highlight of `quote` in it.
fn new_note(doc: &Document, entry: &str, quote: Option<&str>, body: &str) -> anyhow::Result<Note> {
    let (_, e) = doc.find_entry(entry).with_context(|| {
        format!("no entry {entry:?} in {}; use its number (\"2.3\") or id", visible(&doc.meta.title))
    })?;
    let Some(q) = quote else { return Ok(Note::on_entry(doc, e, body)) };
    let Some(byte) = e.text.find(q) else {
        bail!("entry {} does not contain the passage {q:?}", e.number);
    };
    let start = e.text[..byte].chars().count();
    let note = Note::highlight(doc, e, start, start + q.chars().count(), body);
    debug_assert_eq!(char_slice(&e.text, note.anchor.start, note.anchor.end), q);
    Ok(note)
}

/// `notes rm`: to the Trash, or gone for good with `purge`.
fn remove(id: uuid::Uuid, file: Option<&Path>, purge: bool, dir: &Path, con: &mut Console<'_>) -> anyhow::Result<()> {
    let mut store = match file {
        Some(f) => open_store(&load_document(Some(f))?, dir, Some(f), con)?.0,
        None => find_store_with(dir, id)?,
    };
    let Some(mut note) = store.notes.get(&id).map(|n| Note::clone(n)) else {
        bail!("no note {id} in {}", path(&store.path));
    };
    if purge {
        store.purge(id);
    } else {
        note.move_to_trash(now());
        note.modified_by = Some(crate::core::notes::author::current(None));
        store.put(note);
    }
    store
        .save()
        .with_context(|| format!("the note was not {}", if purge { "removed" } else { "moved to the Trash" }))?;
    writeln!(con.out, "{} {id}", if purge { "Removed" } else { "Moved to the Trash:" })?;
    Ok(())
}

/// The store in `dir` that holds note `id`. Notes files that cannot be read are named when
/// the note is in none of the others (it may be in one of them).
fn find_store_with(dir: &Path, id: uuid::Uuid) -> anyhow::Result<NotesStore> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("cannot read the notes folder {}", path(dir)))?;
    let mut unreadable = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // A sync tool's conflict copy is merged into its notes file when that is opened.
        if let Some(doc_id) = name.strip_suffix(".notes.ron").filter(|_| conflict_of(&name).is_none()) {
            let store = NotesStore::open(dir, doc_id);
            if store.notes.contains_key(&id) {
                return Ok(store);
            }
            unreadable.extend(store.unreadable);
        }
    }
    if unreadable.is_empty() {
        bail!("no note {id} in {}", path(dir))
    }
    bail!("no note {id} in the notes files of {} that can be read; {}", path(dir), unreadable.join("; "))
}

/// `record-reader export`.
pub fn export_cmd(
    file: Option<&Path>,
    format: crate::core::export::Format,
    regions: &[String],
    tags: &[String],
    out_path: Option<&Path>,
    dir_flag: Option<&Path>,
    con: &mut Console<'_>,
) -> anyhow::Result<()> {
    let doc = load_document(file)?;
    let dir = crate::core::notes::folder(dir_flag)?;
    let (store, _) = open_store(&doc, &dir, file, con)?;
    let g = crate::core::places::gazetteer()?;
    let wanted_regions: Vec<crate::core::places::Bureau> = regions
        .iter()
        .map(|r| crate::core::places::Bureau::from_code(r).with_context(|| format!("{r:?} is not a bureau code")))
        .collect::<anyhow::Result<_>>()?;
    let which = NoteFilter { bureaus: wanted_regions.clone(), tags: tags.to_vec(), ..NoteFilter::live() };
    let notes = which.select(&doc, store.notes.values().map(|n| &**n));
    let mut filter: Vec<String> = wanted_regions.iter().map(|b| b.name().to_owned()).collect();
    filter.extend(tags.iter().map(|t| format!("#{}", t.trim_start_matches('#'))));
    let input = crate::core::export::ExportInput {
        doc: &doc,
        store: &store,
        gazetteer: g,
        filter: if filter.is_empty() { "all notes".to_owned() } else { filter.join(", ") },
        notes,
    };
    let export = |to: &mut dyn Write| crate::core::export::export_to(&input, format, now(), to);
    match out_path {
        Some(p) => {
            write_whole(p, export)?;
            con.err.line(&format!("Exported {} notes to {}", input.notes.len(), path(p)));
        }
        None => {
            let mut stdout = std::io::BufWriter::new(&mut *con.out);
            export(&mut stdout)?;
            stdout.flush()?;
        }
    }
    Ok(())
}

/// Writes `p` with `write`, as it is made, into a temp file beside it (where a link points),
/// renamed over it once whole, with its permissions if it was there.
fn write_whole(p: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> anyhow::Result<()> {
    let cannot = || format!("cannot write {}", path(p));
    let real = crate::core::notes::disk::resolve(p).with_context(cannot)?;
    let dir = real.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut builder = tempfile::Builder::new();
    // A new file as `std::fs::write` makes one: 0666 less the umask.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let tmp = builder.tempfile_in(dir).with_context(cannot)?;
    if let Ok(meta) = std::fs::metadata(&real) {
        tmp.as_file().set_permissions(meta.permissions()).with_context(cannot)?;
    }
    let mut file = std::io::BufWriter::new(tmp);
    write(&mut file).with_context(cannot)?;
    let tmp = file.into_inner().map_err(std::io::IntoInnerError::into_error).with_context(cannot)?;
    tmp.as_file().sync_all().with_context(cannot)?;
    tmp.persist(&real).map_err(|e| e.error).with_context(cannot)?;
    Ok(())
}

/// `record-reader import [FILE] NOTES_FILE`: with one path, it is the notes file and the
/// document is the built-in record.
pub fn import_cmd(
    paths: &[PathBuf],
    dry_run: bool,
    dir_flag: Option<&Path>,
    con: &mut Console<'_>,
) -> anyhow::Result<()> {
    let (file, notes_file) = match paths {
        [notes] => (None, notes),
        [doc, notes, ..] => (Some(doc.as_path()), notes),
        [] => bail!("name the notes file to import"),
    };
    let doc = load_document(file)?;
    let dir = crate::core::notes::folder(dir_flag)?;
    let (mut store, _) = open_store(&doc, &dir, file, con)?;
    let bytes = crate::core::fsio::read_regular_file(notes_file, crate::core::notes::disk::MAX_NOTES_BYTES)
        .with_context(|| format!("cannot read {}", path(notes_file)))?;
    let plan = crate::core::export::plan_import(&bytes, &doc, &store.notes)
        .map_err(|e| anyhow::anyhow!("cannot import {}: {e}", path(notes_file)))?;
    writeln!(con.out, "{}: {}", path(notes_file), visible(&plan.summary()))?;
    for (id, why) in &plan.skip {
        writeln!(con.out, "  skip {}: {}", visible(id), visible(why))?;
    }
    if dry_run {
        writeln!(con.out, "Dry run: nothing was written.")?;
        return Ok(());
    }
    let said = store.warnings.len();
    store.set_aside(&plan.set_aside)?;
    for w in &store.warnings[said..] {
        con.warn(w);
    }
    for n in plan.notes() {
        store.put(n.clone());
    }
    store.save().context("nothing was imported")?;
    writeln!(con.out, "Imported {} notes into {}", plan.add.len() + plan.update.len(), path(&store.path))?;
    Ok(())
}
