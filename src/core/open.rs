//! Opening documents: the embedded default record, a file on disk, or bytes in memory.

use crate::core::decode::{Decoded, MAX_DOCUMENT_BYTES, decode_declared, decode_named};
use crate::core::details::{DetailsError, RecordDetails};
use crate::core::error::DocumentError;
use crate::core::fsio::{ReadError, read_regular_file};
use crate::core::model::{DocMeta, Document};
use crate::core::parse::Hints;
use crate::core::text::hash_hex;
use std::borrow::Cow;
use std::path::Path;

/// The text of the default record, embedded in the binary.
pub const EMBEDDED_TEXT: &str = include_str!("../../assets/documents/promoting-democracy-and-human-rights.txt");
const EMBEDDED_META: &str = include_str!("../../assets/documents/promoting-democracy-and-human-rights.ron");

/// The metadata record shipped beside the embedded text.
pub fn embedded_meta() -> Result<DocMeta, ron::error::SpannedError> {
    ron::from_str(EMBEDDED_META)
}

/// Parses the embedded default record.
pub fn embedded() -> Result<Document, DocumentError> {
    let meta = embedded_meta().map_err(|e| DocumentError::BadMetadata(e.to_string()))?;
    let hints = Hints { source: meta.source.clone(), meta: Some(meta), ..Hints::default() };
    parse_text(EMBEDDED_TEXT, &hints)
}

/// Texts from this size on have their revision hashed beside the parse, on another core.
/// Shorter ones stay on the calling thread: handing work to the pool and waiting for it
/// costs more than they take (start-up, which parses the embedded record, took 10 ms more).
pub(crate) const HASH_BESIDE_BYTES: usize = 1 << 20;

/// Parses decoded text into a document.
pub fn parse_text(text: &str, hints: &Hints) -> Result<Document, DocumentError> {
    let (rev, doc) = if text.len() < HASH_BESIDE_BYTES {
        (hash_hex(text, 16), parse_without_rev(text, hints))
    } else {
        rayon::join(|| hash_hex(text, 16), || parse_without_rev(text, hints))
    };
    let mut doc = doc?;
    doc.rev = rev;
    Ok(doc)
}

/// [`parse_text`], but for the revision hash, which is left empty: the text's blocks
/// ([`crate::core::parse::read_blocks`]) read by the one assembler.
fn parse_without_rev(text: &str, hints: &Hints) -> Result<Document, DocumentError> {
    let page = crate::core::parse::read_blocks(text, hints)?;
    let doc = crate::core::blocks::assemble::assemble(page, hints)?;
    // A page with no list of entries still opens when it has something of a record to read
    // (a pull quote, an introduction, other text): a blog post, or an excerpt that ends before
    // the first list. Text with none of those (a word, a line of data, headings alone) is no
    // record.
    let no_entries = doc.sections.is_empty() && doc.references.is_empty();
    if no_entries && doc.quote.is_none() && doc.intro.is_empty() && doc.unplaced.is_empty() {
        return Err(DocumentError::NotADocument);
    }
    Ok(doc)
}

/// Decodes and parses the bytes of a document file.
pub fn from_bytes(bytes: &[u8], file_name: Option<&str>) -> Result<Document, DocumentError> {
    from_decoded(decode_named(Cow::Borrowed(bytes), file_name)?, file_name)
}

/// Decodes and parses a page fetched from the web: its charset from its `Content-Type`
/// header (`content_type`, as sent), else its `<meta>` ([`decode_declared`]). Its copy, opened
/// with [`open_path`], is read the same way (the header is kept beside it).
pub fn from_fetched_bytes(
    bytes: &[u8],
    file_name: Option<&str>,
    content_type: Option<&str>,
) -> Result<Document, DocumentError> {
    from_decoded(decode_declared(Cow::Borrowed(bytes), file_name, content_type)?, file_name)
}

fn from_decoded(decoded: Decoded, file_name: Option<&str>) -> Result<Document, DocumentError> {
    let hints = Hints {
        meta: None,
        html_title: decoded.html_title,
        source: file_name.map(str::to_owned),
        url: decoded.html_url,
        kind: decoded.was_markdown.then(|| "Markdown document".to_owned()),
        // The page's own date: a saved page's `<meta>`, a Markdown copy's front matter.
        date: decoded
            .html_date
            .or_else(|| decoded.front_matter_date.as_deref().and_then(crate::core::details::page_date)),
    };
    let mut doc = match decoded.blocks {
        Some(page) => {
            let mut doc = crate::core::blocks::assemble::assemble(page, &hints)?;
            doc.rev = hash_hex(&decoded.text, 16);
            doc
        }
        None => parse_text(&decoded.text, &hints)?,
    };
    // The built-in record's own text, read from a file, is the built-in record: its id (of
    // its quote, introduction and headings, as it always was) and its notes.
    if decoded.text == EMBEDDED_TEXT
        && let Some(id) = doc.former_id.take()
    {
        doc.id = id;
    }
    doc.warnings.splice(0..0, decoded.warnings);
    fill_publisher(&mut doc);
    Ok(doc)
}

/// The publisher, when the record names none, from its address (see
/// [`crate::core::export::cite::publisher_of`]).
fn fill_publisher(doc: &mut Document) {
    if doc.meta.publisher.is_none() {
        doc.meta.publisher = doc.meta.url.as_deref().and_then(crate::core::export::cite::publisher_of);
    }
}

/// The text of a document file as the parser reads it: decoded, a saved page's visible
/// text, a Markdown copy without its marks (for `inspect --explain`).
pub fn read_text(path: &Path) -> Result<String, DocumentError> {
    Ok(read_decoded(path)?.text)
}

/// A document file decoded, as the parser is given it: its text and, for a page read into
/// blocks, its blocks (for `inspect --explain`).
pub fn read_decoded(path: &Path) -> Result<Decoded, DocumentError> {
    let bytes = read_document_bytes(path)?;
    decode_file(path, bytes, read_details(path).as_ref().ok().and_then(Option::as_ref))
}

/// The record details beside `path` ([`crate::core::details`]).
fn read_details(path: &Path) -> Result<Option<RecordDetails>, DetailsError> {
    crate::core::details::read_details(path)
}

/// A file's bytes decoded: as a web page with its `Content-Type` header when its details
/// keep one (a copy fetched from the web; "" is a page sent with none), else as any file.
fn decode_file(path: &Path, bytes: Vec<u8>, details: Option<&RecordDetails>) -> Result<Decoded, DocumentError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    match details.and_then(|d| d.content_type.as_deref()) {
        Some(content_type) => {
            decode_declared(Cow::Owned(bytes), name.as_deref(), Some(content_type).filter(|t| !t.is_empty()))
        }
        None => decode_named(Cow::Owned(bytes), name.as_deref()),
    }
}

/// The bytes of a document file, refused as [`open_path`] refuses them.
fn read_document_bytes(path: &Path) -> Result<Vec<u8>, DocumentError> {
    read_regular_file(path, MAX_DOCUMENT_BYTES).map_err(|e| match e {
        ReadError::Io(source) => DocumentError::Io { path: path.to_owned(), source },
        ReadError::NotAFile { kind } => DocumentError::NotAFile { kind },
        ReadError::TooLarge { bytes, limit } => DocumentError::TooLarge { bytes, limit },
    })
}

/// Opens a document file: refuses what is not a regular file (a FIFO would block, a device
/// never ends) and files over [`MAX_DOCUMENT_BYTES`], without reading more than the limit.
///
/// The record's details beside it (`<file>.record.ron`) are read first: a copy fetched from
/// the web is decoded with the `Content-Type` header kept there, as it was online.
pub fn open_path(path: &Path) -> Result<Document, DocumentError> {
    let bytes = read_document_bytes(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let details = read_details(path);
    let decoded = decode_file(path, bytes, details.as_ref().ok().and_then(Option::as_ref))?;
    let mut doc = from_decoded(decoded, name.as_deref())?;
    doc.meta.source = Some(path.display().to_string());
    // The reader's own details of the record win; damaged ones are told, not used.
    match details {
        Ok(Some(details)) => details.apply(&mut doc.meta),
        Ok(None) => {}
        Err(e) => doc.warnings.push(e.to_string()),
    }
    fill_publisher(&mut doc);
    Ok(doc)
}
