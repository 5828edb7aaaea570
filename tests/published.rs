//! What a legal team publishes speaks in words: `clause build` run as a user runs it, then every
//! published page (HTML, Markdown, and the PDF read back with poppler's `pdftotext`) is searched
//! for the identifiers of the shipped versions. An identifier may only appear in a discreet
//! reference (« réf. `taille_1` »), never in a title, a label, a formula or a provenance; no
//! page names a source by its file number (« source 002 », « (001, diapo 9) »). And every
//! provenance is a citation of a declared reference: in the documents' model and on the pages,
//! where every version's page lists its references and each provenance cell names one of them.

use clause_compiler::document::build_document;
use clause_compiler::{analyze, SourceDb};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shipped() -> SourceDb {
    clause_cli::workspace::load(&[root().join("agreements")]).expect("agreements load")
}

/// The identifiers a reader must not meet outside a discreet reference: every name the shipped
/// versions declare that cannot be a French word as written, that is a name with `_` (`taille_1`,
/// `acces_aux_soins`) or a name whose label spells it with accents (`prevention` for
/// « Prévention »), and the versions' identifiers.
fn identifiers(db: &SourceDb) -> BTreeSet<String> {
    let analysis = analyze(db);
    assert!(!analysis.has_errors(), "the shipped agreements check");
    let mut names = BTreeSet::new();
    let mut add = |name: &str, label: Option<&str>| {
        let accented = label.is_some_and(|l| {
            l.to_lowercase() != name && fold(&l.to_lowercase()) == name && !l.is_ascii()
        });
        if name.contains('_') || accented {
            names.insert(name.to_string());
        }
    };
    for version in &analysis.versions {
        add(&version.name, None);
        for value in &version.values {
            add(&value.name, value.label.as_deref());
        }
        for mission in &version.missions {
            add(&mission.name, mission.label.as_deref());
        }
        for input in &version.inputs {
            add(&input.name, input.label.as_deref());
        }
        for set in &version.band_sets {
            add(&set.name, None);
            for band in &set.bands {
                add(&band.name, band.label.as_deref());
            }
        }
        for enumeration in &version.enums {
            for variant in &enumeration.variants {
                add(&variant.name, variant.label.as_deref());
            }
        }
        for reference in &version.references {
            add(&reference.name, None);
        }
    }
    names
}

/// `é` → `e`…: how an identifier spells an accented word.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'à' | 'â' => 'a',
            'î' | 'ï' => 'i',
            'ô' => 'o',
            'û' | 'ù' | 'ü' => 'u',
            'ç' => 'c',
            ' ' | '-' | '’' | '\'' => '_',
            other => other,
        })
        .collect()
}

/// Whether `word` appears in `text` as a whole word (identifier characters around it).
fn has_word(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// The text of a page without its discreet references and without markup: HTML tags (and the
/// `title` attributes they carry, which hold « réf. … » tooltips) and style sheets dropped.
fn html_text(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    // Discreet references: <span class="ref">réf. id</span>.
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("<span class=\"ref\">") {
            let end = rest.find("</span>").expect("closed reference");
            rest = &rest[end + "</span>".len()..];
            continue;
        }
        if rest.starts_with("<style") {
            let end = rest.find("</style>").expect("closed style");
            rest = &rest[end + "</style>".len()..];
            continue;
        }
        let end = rest.find('>').expect("closed tag");
        out.push(' ');
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Markdown without its discreet references (`<sub>réf. `id`</sub>`).
fn markdown_text(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    while let Some(at) = rest.find("<sub>réf.") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("</sub>").expect("closed reference");
        rest = &rest[at + end + "</sub>".len()..];
    }
    out.push_str(rest);
    out
}

/// PDF text without its discreet references (« réf. id »).
fn pdf_text(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("réf.") {
        out.push_str(&rest[..at]);
        let after = rest[at + "réf.".len()..].trim_start();
        let word = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        rest = &after[word..];
    }
    out.push_str(rest);
    out
}

fn files(dir: &Path, ext: &str, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files(&path, ext, found);
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
}

/// The site built into a folder of its own (`name`): the tests run in parallel.
fn build_site(name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&out);
    let output = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["build", "--out"])
        .arg(&out)
        .current_dir(root())
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// Every published page of the site as a reader reads it (HTML and Markdown without markup nor
/// discreet references, the PDFs as `pdftotext` extracts them); with `tools`, the costing and
/// simulator pages too, which are tools, not the published reference documents.
fn published_pages(site: &Path, tools: bool) -> Vec<(PathBuf, String)> {
    let mut pages = Vec::new();
    for (ext, read) in [
        ("html", html_text as fn(&str) -> String),
        ("md", markdown_text),
    ] {
        let mut found = Vec::new();
        files(site, ext, &mut found);
        for path in found {
            let page = std::fs::read_to_string(&path).expect("UTF-8 page");
            pages.push((path, read(&page)));
        }
    }
    let mut pdfs = Vec::new();
    files(site, "pdf", &mut pdfs);
    assert!(pdfs.len() >= 4, "a PDF per version and comparison");
    for path in pdfs {
        let output = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (Debian poppler-utils) is needed");
        assert!(output.status.success(), "pdftotext {}", path.display());
        let text = String::from_utf8(output.stdout).expect("UTF-8");
        pages.push((path, pdf_text(&text)));
    }
    pages.retain(|(path, _)| {
        let name = path.to_string_lossy();
        tools || !(name.contains("chiffrage") || name.contains("simulateur"))
    });
    pages
}

#[test]
fn no_published_page_shows_an_identifier_outside_a_discreet_reference() {
    let names = identifiers(&shipped());
    // The check can fail: the shipped versions have identifiers of every kind.
    for expected in ["taille_1", "acces_aux_soins", "aci_cpts_2019", "prevention"] {
        assert!(names.contains(expected), "{expected} in {names:?}");
    }
    let site = build_site("published-site-words");
    let pages = published_pages(&site, false);
    assert!(pages.len() >= 12, "pages read: {}", pages.len());
    let mut leaks = Vec::new();
    for (path, text) in &pages {
        for name in &names {
            if has_word(text, name) {
                leaks.push(format!("{}: `{name}`", path.display()));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "identifiers on published pages:\n{}",
        leaks.join("\n")
    );
}

/// The ways a page could name a source by its file in `../shared/sources` instead of citing it:
/// « source 002 », « (001, diapo 9) », « 001, diapositive 9 », the abbreviation « diapo ».
fn file_numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for number in (0..10).map(|n| format!("00{n}")) {
        for pattern in [
            format!("source {number}"),
            format!("sources {number}"),
            format!("({number},"),
            format!("{number}, diapo"),
            format!("{number}, page"),
        ] {
            if text.contains(&pattern) {
                found.push(pattern);
            }
        }
    }
    if has_word(text, "diapo") {
        found.push("diapo".to_string());
    }
    found
}

#[test]
fn no_published_page_names_a_source_by_its_file_number() {
    // The check can fail: the notes of the sources, which a page must not copy, do it.
    assert_eq!(
        file_numbers("Financement total (001, diapo 9) ; exemple de la source 002"),
        ["(001,", "001, diapo", "source 002", "diapo"]
    );
    // The costing pages too: their population's hypotheses cite the sources they rest on.
    let site = build_site("published-site-file-numbers");
    let pages = published_pages(&site, true);
    assert!(
        pages
            .iter()
            .any(|(p, _)| p.to_string_lossy().contains("chiffrage")),
        "a costing page read"
    );
    let mut leaks = Vec::new();
    for (path, text) in &pages {
        for found in file_numbers(text) {
            leaks.push(format!("{}: « {found} »", path.display()));
        }
    }
    assert!(
        leaks.is_empty(),
        "sources named by their file on published pages (cite the reference):\n{}",
        leaks.join("\n")
    );
}

#[test]
fn every_provenance_is_a_citation_of_a_listed_reference() {
    let db = shipped();
    let analysis = analyze(&db);
    let mut cited = 0;
    for version in &analysis.versions {
        let doc = build_document(version, &db);
        let provenances = doc
            .funding
            .iter()
            .chain(&doc.other_payments)
            .flat_map(|t| t.groups.iter().flat_map(|g| &g.rows))
            .map(|r| &r.provenance)
            .chain(doc.calendar.iter().map(|r| &r.provenance))
            .chain(doc.sources.iter().map(|s| &s.provenance));
        for provenance in provenances {
            for citation in &provenance.sources {
                let name = citation.reference.as_deref().unwrap_or_else(|| {
                    panic!("{}: « {} » is no citation", version.name, citation.text)
                });
                let reference = version
                    .references
                    .iter()
                    .find(|r| r.name == name)
                    .expect("a declared reference");
                assert!(
                    citation.text.starts_with(&reference.short()),
                    "{}: « {} » does not name its reference",
                    version.name,
                    citation.text
                );
                assert!(
                    doc.references.contains(&reference.entry()),
                    "{}: {name} missing from the list of references",
                    version.name
                );
                cited += 1;
            }
        }
        assert!(
            !doc.references.is_empty(),
            "{}: a list of references",
            version.name
        );
    }
    // 4 versions, dozens of cited rows: a check that reads nothing cannot pass.
    assert!(cited > 30, "citations checked: {cited}");
}

#[test]
fn every_provenance_cell_of_the_html_cites_a_reference_of_its_list() {
    let site = build_site("published-site-citations");
    let mut cells = 0;
    // Every version's page, each with its list of references and cited provenances.
    let versions: Vec<String> = analyze(&shipped())
        .versions
        .iter()
        .map(|v| v.name.clone())
        .collect();
    assert!(versions.len() >= 5, "{versions:?}");
    for version in &versions {
        let path = site.join(version).join("index.html");
        let page = std::fs::read_to_string(&path).expect("a page per version");
        let list = page
            .split("<section id=\"references\">")
            .nth(1)
            .unwrap_or_else(|| panic!("{version}: no list of references"));
        // The short form of each listed reference: its entry up to « . Fichier : » / « . En ligne : ».
        let shorts: Vec<String> = list
            .split("<li>")
            .skip(1)
            .filter_map(|li| li.split("</li>").next())
            .map(|entry| {
                entry
                    .split(". Fichier")
                    .next()
                    .and_then(|e| e.split(". En ligne").next())
                    .unwrap_or(entry)
                    .to_string()
            })
            .collect();
        assert!(!shorts.is_empty(), "{}: references listed", path.display());
        let before = cells;
        for cell in page.split("<td class=\"prov\">").skip(1) {
            let cell = html_text(cell.split("</td>").next().unwrap_or(""));
            let cell = cell.trim();
            let is_badge_only = [
                "accord de base",
                "ajouté par l’avenant",
                "remplacé par l’avenant",
                "avenant",
                "calculé",
            ]
            .contains(&cell);
            if cell.is_empty() || is_badge_only {
                continue;
            }
            assert!(
                shorts.iter().any(|s| cell.starts_with(s.as_str())),
                "{}: provenance « {cell} » cites no listed reference",
                path.display()
            );
            cells += 1;
        }
        assert!(cells > before, "{version}: no cited provenance on its page");
    }
    assert!(cells > 20, "provenance cells checked: {cells}");
}
