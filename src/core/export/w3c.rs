//! One W3C Web Annotation (<https://www.w3.org/TR/annotation-model/>) as the JSON export
//! writes it and import reads it: [`Annotation`], the one type for both.
//!
//! Written, it holds every part this app gives a note, and the export puts it in a
//! collection as a `serde_json::Value` (whose keys are written in order of name). Read, it
//! takes another tool's annotations too: a part of the wrong type is read as missing (a
//! selector or a body that is no object, as one with nothing in it), one body or selector
//! as a list of one, an id as a string or a number.

use crate::core::notes::{Author, NoteKind};
use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::{Deserialize as DeriveDeserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Serialize, DeriveDeserialize)]
pub struct Annotation {
    /// Ours are `urn:uuid:…`; read, a number's text too, and a blank one is none.
    #[serde(default, deserialize_with = "id")]
    pub id: Option<String>,
    /// "Annotation".
    #[serde(rename = "type", default, deserialize_with = "lenient_or_default")]
    pub kind: String,
    /// "commenting" or "highlighting".
    #[serde(default, deserialize_with = "lenient")]
    pub motivation: Option<String>,
    /// RFC 3339.
    #[serde(default, deserialize_with = "lenient")]
    pub created: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub modified: Option<String>,
    /// The note's text (`commenting`), then one body per tag (`tagging`).
    #[serde(default, deserialize_with = "one_or_many")]
    pub body: Vec<Body>,
    /// Read as there when the file has one, whatever it holds: an annotation without one is
    /// refused as such.
    #[serde(default, deserialize_with = "present")]
    pub target: Option<Target>,
    /// Who wrote the note: a `Person` with a name and an email or ORCID as its id.
    #[serde(default, deserialize_with = "creator", skip_serializing_if = "Option::is_none")]
    pub creator: Option<Creator>,
    /// This app's own part: what the note is beyond the standard.
    #[serde(default, deserialize_with = "lenient")]
    pub record_reader: Option<Extension>,
}

/// The W3C `creator`: `{"type": "Person", "name": …, "id": …}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, DeriveDeserialize)]
pub struct Creator {
    #[serde(rename = "type", default, deserialize_with = "lenient_or_default")]
    pub kind: String,
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Creator {
    /// The creator for a note's author.
    pub fn of(author: &Author) -> Self {
        Self { kind: "Person".to_owned(), name: author.name.clone(), id: author.id.clone() }
    }

    /// The author it names; none when it has no name.
    pub fn author(&self) -> Option<Author> {
        crate::core::notes::author::cleaned(&Author { name: self.name.clone(), id: self.id.clone() })
    }
}

/// The author an annotation names as its creator, if any.
pub fn creator_of(a: &Annotation) -> Option<Author> {
    a.creator.as_ref().and_then(Creator::author)
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, DeriveDeserialize)]
pub struct Body {
    /// `TextualBody`.
    #[serde(rename = "type", default, deserialize_with = "lenient_or_default")]
    pub kind: String,
    #[serde(default, deserialize_with = "lenient")]
    pub value: Option<String>,
    /// "text/markdown" for a note's text; none for a tag.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// "commenting", or "tagging" for a tag.
    #[serde(default, deserialize_with = "lenient")]
    pub purpose: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, DeriveDeserialize)]
pub struct Target {
    /// The record's web address with the entry as the fragment, or the record's id
    /// (`urn:record-reader:<doc>#<entry>`).
    #[serde(default, deserialize_with = "lenient")]
    pub source: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub selector: Vec<Selector>,
}

/// A `TextQuoteSelector` (`exact`, `prefix`, `suffix`) or a `TextPositionSelector`
/// (`start`, `end`, in characters of the entry), by its `type`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, DeriveDeserialize)]
pub struct Selector {
    #[serde(rename = "type", default, deserialize_with = "lenient")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub end: Option<u64>,
}

impl Selector {
    pub const QUOTE: &str = "TextQuoteSelector";
    pub const POSITION: &str = "TextPositionSelector";

    pub fn is(&self, kind: &str) -> bool {
        self.kind.as_deref() == Some(kind)
    }
}

/// `record_reader`: the note as this app knows it. Import reads its kind, colour, record
/// revision and Trash date; the rest says where the note is, for a person or a script.
#[derive(Debug, Clone, Default, PartialEq, Serialize, DeriveDeserialize)]
pub struct Extension {
    #[serde(default, deserialize_with = "lenient")]
    pub kind: Option<NoteKind>,
    #[serde(default, deserialize_with = "lenient")]
    pub color: Option<String>,
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub color_label: String,
    #[serde(default, deserialize_with = "lenient")]
    pub doc_rev: Option<String>,
    /// The entry's number, or "orphaned".
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub entry: String,
    #[serde(default, deserialize_with = "lenient")]
    pub group: Option<String>,
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub section: String,
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub regions: Vec<String>,
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub countries: Vec<String>,
    /// When it went to the Trash (RFC 3339).
    #[serde(default, deserialize_with = "lenient")]
    pub deleted: Option<String>,
    /// Who last changed the note, when not its creator.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub modified_by: Option<Creator>,
    /// The record, in an export of a library's notes.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub record: Option<Record>,
}

/// The record a note of a library's export is on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, DeriveDeserialize)]
pub struct Record {
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub iri: String,
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub title: String,
    #[serde(default, deserialize_with = "lenient")]
    pub file: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub url: Option<String>,
}

impl Annotation {
    /// An annotation read from another tool's JSON: an item that is no object has nothing
    /// in it (and no target).
    pub fn read(value: &Value) -> Self {
        Self::deserialize(value).unwrap_or_default()
    }

    /// As JSON, for the export.
    pub fn to_value(&self) -> Value {
        // A struct of strings, numbers and lists: nothing in it can fail to be JSON.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The first selector of `kind`.
    pub fn selector(&self, kind: &str) -> Option<&Selector> {
        self.target.as_ref()?.selector.iter().find(|s| s.is(kind))
    }
}

/// A part read as `T`, or as missing when it is not one.
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).ok())
}

/// A part read as `T`, or as its default when it is not one.
fn lenient_or_default<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(d: D) -> Result<T, D::Error> {
    Ok(lenient(d)?.unwrap_or_default())
}

/// A part that is there, whatever it holds: what of it is not a `T` is read as missing.
fn present<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(d: D) -> Result<Option<T>, D::Error> {
    Ok(Some(lenient_or_default(d)?))
}

/// A list, or one alone; each item that is not a `T` is read as an empty one.
fn one_or_many<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(d: D) -> Result<Vec<T>, D::Error> {
    let item = |v: Value| serde_json::from_value(v).unwrap_or_default();
    Ok(match Value::deserialize(d)? {
        Value::Array(list) => list.into_iter().map(item).collect(),
        one => vec![item(one)],
    })
}

/// A creator: an object, a name alone, or a list (the first is taken).
fn creator<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Creator>, D::Error> {
    let one = |v: Value| match v {
        Value::String(name) => Some(Creator { kind: "Person".to_owned(), name, id: None }),
        other => serde_json::from_value(other).ok(),
    };
    Ok(match Value::deserialize(d)? {
        Value::Array(list) => list.into_iter().find_map(one),
        v => one(v),
    })
}

/// An id: a string (trimmed; a blank one is none) or a number (its text).
fn id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn another_tool_s_annotation_is_read_with_what_it_holds() {
        let a = Annotation::read(&json!({
            "id": 7,
            "type": "Annotation",
            "created": 5,
            "body": {"value": "one body", "purpose": ["odd"]},
            "target": {"source": "x#e-1", "selector": [{"type": "TextQuoteSelector", "exact": "Near East", "start": -1}, "text"]},
            "record_reader": {"kind": "Highlight", "color": 3}
        }));
        assert_eq!(a.id.as_deref(), Some("7"));
        assert_eq!(a.created, None, "a date that is no string is none");
        assert_eq!(a.body, [Body { value: Some("one body".into()), ..Body::default() }]);
        let quote = a.selector(Selector::QUOTE).unwrap();
        assert_eq!((quote.exact.as_deref(), quote.start), (Some("Near East"), None));
        assert_eq!(a.target.as_ref().map(|t| t.selector.len()), Some(2));
        let ext = a.record_reader.unwrap();
        assert_eq!((ext.kind, ext.color), (Some(NoteKind::Highlight), None));
        // A target of the wrong kind is there, with nothing in it; none is none.
        assert_eq!(Annotation::read(&json!({"target": 5})).target, Some(Target::default()));
        assert_eq!(Annotation::read(&json!({"id": "  "})).target, None);
        assert_eq!(Annotation::read(&json!("not an object")), Annotation::default());
    }

    #[test]
    fn an_annotation_written_reads_back_the_same() {
        let a = Annotation {
            id: Some("urn:uuid:01a22b17-0ffc-73b1-848d-d686ef4cb52f".into()),
            kind: "Annotation".into(),
            motivation: Some("highlighting".into()),
            created: Some("2025-01-01T00:00:00Z".into()),
            modified: Some("2025-01-02T00:00:00Z".into()),
            body: vec![Body {
                kind: "TextualBody".into(),
                value: Some("tag".into()),
                format: None,
                purpose: Some("tagging".into()),
            }],
            target: Some(Target {
                source: Some("urn:record-reader:doc-1#e-1".into()),
                selector: vec![
                    Selector {
                        kind: Some(Selector::QUOTE.into()),
                        exact: Some("x".into()),
                        prefix: Some(String::new()),
                        suffix: Some(String::new()),
                        ..Selector::default()
                    },
                    Selector {
                        kind: Some(Selector::POSITION.into()),
                        start: Some(0),
                        end: Some(1),
                        ..Selector::default()
                    },
                ],
            }),
            creator: Some(Creator::of(&Author { name: "Ada".into(), id: Some("ada@example.org".into()) })),
            record_reader: Some(Extension {
                kind: Some(NoteKind::Highlight),
                entry: "1.1".into(),
                ..Extension::default()
            }),
        };
        let value = a.to_value();
        assert_eq!(value["target"]["selector"][1], json!({"type": "TextPositionSelector", "start": 0, "end": 1}));
        assert_eq!(value["record_reader"]["deleted"], Value::Null);
        assert!(value["record_reader"].get("record").is_none(), "a note of one record names none");
        assert_eq!(value["creator"], json!({"type": "Person", "name": "Ada", "id": "ada@example.org"}));
        assert_eq!(Annotation::read(&value), a);
    }

    #[test]
    fn a_creator_is_read_as_another_tool_writes_it() {
        let name = |v: Value| creator_of(&Annotation::read(&json!({ "creator": v }))).map(|a| a.name);
        assert_eq!(name(json!("Grace")), Some("Grace".into()));
        assert_eq!(name(json!([{"type": "Person", "name": "Ada"}, "Grace"])), Some("Ada".into()));
        assert_eq!(name(json!({"name": "  "})), None, "no name, no author");
        assert_eq!(name(json!(5)), None);
        assert!(Annotation::default().to_value().get("creator").is_none(), "none written when unknown");
    }
}
