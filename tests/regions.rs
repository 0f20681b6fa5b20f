//! Region tagging of the seed record, worked out by hand, and a document full of traps.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use record_reader::core::open::{embedded, open_path};
use record_reader::core::places::Bureau;

fn regions(codes: &[Bureau]) -> Vec<&'static str> {
    codes.iter().map(|b| b.code()).collect()
}

fn countries(codes: &[record_reader::core::places::Code]) -> Vec<String> {
    codes.iter().map(ToString::to_string).collect()
}

/// Every entry of the seed, with the bureaus a careful analyst gives it. The United States
/// is the actor of the record, never a region; organisations and ethnic groups ("ethnic
/// Albanians") are not countries; a demonym ("Haitian", "Nicaraguan") and a capital
/// ("Warsaw") count for their country; Geneva is neither a capital nor a city of a million.
const SEED: [(&str, &[&str], &[&str]); 37] = [
    ("1.1", &["WHA"], &["CU"]),                   // OAS, our hemisphere, Cuba, the Americas
    ("1.2", &["WHA"], &["PY", "EC"]),             // the hemisphere, Paraguay, Ecuador
    ("1.3", &["WHA"], &["HT"]),                   // Haiti
    ("1.4", &["EUR"], &["BA"]),                   // Bosnia (Dayton is a US city)
    ("1.5", &["EUR"], &["XK"]),                   // Kosovo; "ethnic Albanians" are a people, not Albania
    ("1.6", &["EUR"], &["RS"]),                   // Serbia, the FRY
    ("1.7", &["EUR"], &[]),                       // Central and Eastern Europe, former Soviet Union
    ("1.8", &["AF", "EAP"], &["ID", "TL", "ZA"]), // Indonesia, East Timor, South Africa
    ("1.9", &["AF"], &["NG"]),                    // Nigeria, Africa
    ("1.10", &["AF"], &["MZ"]),                   // Mozambique
    ("1.11", &["AF", "EAP", "NEA", "WHA"], &["MM", "CU", "IQ", "SD"]),
    ("1.12", &[], &[]),          // USAID, National Endowment for Democracy
    ("1.13", &["EUR"], &["PL"]), // Poland (and Warsaw)
    ("2.1", &["EAP"], &["CN"]),
    ("2.2", &["AF", "EAP", "EUR", "NEA", "WHA"], &["CN", "CU", "RU", "SD", "IR", "IQ"]), // + former Yugoslavia; Geneva is no country
    ("2.3", &[], &[]),
    ("2.4", &[], &[]),
    ("2.5", &[], &[]),
    ("2.6", &[], &[]),
    ("2.7", &[], &[]),
    ("3.1", &["AF", "EUR"], &["RW"]), // Former Yugoslavia, Rwanda
    ("3.2", &["AF"], &["SL"]),
    ("3.3", &[], &[]),
    ("4.1", &[], &[]),
    ("4.2", &[], &[]),
    ("4.3", &[], &[]),
    ("4.4", &[], &[]),
    ("4.5", &[], &[]),
    ("4.6", &[], &[]),
    ("5.1", &[], &[]),
    ("5.2", &["WHA"], &["NI", "HT"]), // Central America, the Nicaraguan (… Relief Act), Haiti
    ("5.3", &[], &[]),
    ("5.4", &["AF", "NEA"], &[]), // Africa, the Near East
    ("6.1", &[], &[]),
    ("6.2", &[], &[]),
    ("6.3", &[], &[]),
    ("6.4", &["AF", "EAP", "EUR", "NEA", "SCA"], &["AF", "MM", "CN", "IR", "IQ", "SD", "RS"]),
];

#[test]
fn every_seed_entry_gets_the_right_regions_and_countries() {
    let doc = embedded().unwrap();
    let got: Vec<(String, Vec<&str>, Vec<String>)> = doc
        .entries()
        .map(|(_, e)| (e.number.to_string(), regions(&e.tags.regions), countries(&e.tags.countries)))
        .collect();
    assert_eq!(got.len(), SEED.len());
    for ((number, regions, countries), (want_n, want_r, want_c)) in got.iter().zip(SEED) {
        assert_eq!(number, want_n);
        assert_eq!(regions, want_r, "regions of entry {number}");
        assert_eq!(countries, want_c, "countries of entry {number}");
    }
}

#[test]
fn traps_of_the_genre() {
    let doc = open_path(std::path::Path::new("tests/fixtures/place-traps.txt")).unwrap();
    let e: Vec<_> = doc.entries().map(|(_, e)| (regions(&e.tags.regions), countries(&e.tags.countries))).collect();
    assert_eq!(e[0].1, ["NG", "NE", "GW", "PG"]);
    assert_eq!(e[1], (vec!["WHA"], vec!["DO".to_owned()]), "New Mexico is a US state");
    assert_eq!(e[2].1, ["GE", "AM"], "Atlanta, Georgia is not the country");
    assert_eq!(e[3], (vec![], vec![]), "a city and a people");
    assert_eq!(e[4].1, ["CD", "MM", "TL", "CI", "SZ"]);
    assert_eq!(e[5], (vec!["EUR"], vec!["MK".to_owned()]), "FRY and the Baltic states are EUR");
    assert_eq!(e[6].0, ["WHA"]);
    assert_eq!(e[7].0, ["AF", "NEA", "SCA"]);
    assert_eq!(e[8].0, ["EAP"], "the United States is the actor");
    assert_eq!(e[9], (vec![], vec![]));
}

#[test]
fn mentions_carry_spans_for_highlighting() {
    let doc = embedded().unwrap();
    let (_, entry) = doc.find_entry("1.8").unwrap();
    let spans: Vec<&str> = entry.tags.mentions.iter().map(|m| &entry.text[m.start..m.end]).collect();
    assert_eq!(spans, ["Indonesia", "East Timor", "South Africa"]);
}
