//! `clause build`, `clause doc` and `clause diff` run as a user runs them (the real binary): the
//! site has an index, every version's documents and the comparisons; every page is well-formed,
//! self-contained, in French, with real tables; errors stop the build; unknown versions are
//! explained.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn clause(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];

/// Checks that every element is closed in order (HTML as maud writes it: void elements unclosed).
fn assert_well_formed(page: &str, name: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest
            .find('>')
            .unwrap_or_else(|| panic!("{name}: unterminated tag"));
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(closing) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("{name}: </{closing}> closes nothing"));
            assert_eq!(open, closing, "{name}: <{open}> closed by </{closing}>");
            continue;
        }
        let element: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(!element.is_empty(), "{name}: stray `<` (unescaped text?)");
        if !VOID.contains(&element.as_str()) && !tag.ends_with('/') {
            stack.push(element.clone());
        }
        // Style content holds no tags; skip it whole.
        if element == "style" {
            let close = rest
                .find("</style>")
                .unwrap_or_else(|| panic!("{name}: unclosed style"));
            rest = &rest[close..];
        }
    }
    assert!(stack.is_empty(), "{name}: unclosed {stack:?}");
}

fn html_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            html_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
}

#[test]
fn build_writes_index_documents_and_comparisons() {
    let out = scratch("site");
    let result = clause(&["build", "--out", out.to_str().expect("utf-8 path")]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    for version in [
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "cpts_projet_2019_01",
        "esp_proposition_2020",
    ] {
        for file in ["index.html", &format!("{version}.md")] {
            assert!(out.join(version).join(file).is_file(), "{version}/{file}");
        }
        // Every published CSV is for French spreadsheets and holds rows, not only a header.
        for file in ["financement.csv", "calendrier.csv"] {
            let Ok(text) = std::fs::read_to_string(out.join(version).join(file)) else {
                continue;
            };
            assert!(
                text.starts_with("\u{feff}version;"),
                "{version}/{file}: BOM, `;`"
            );
            assert!(text.lines().count() > 1, "{version}/{file}: rows");
        }
    }
    for version in [
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "cpts_projet_2019_01",
    ] {
        for file in ["financement.csv", "calendrier.csv"] {
            assert!(out.join(version).join(file).is_file(), "{version}/{file}");
        }
    }
    // The ESP proposal has no band table and no mission: no CSV holding only a header, and no
    // link to one (the links are checked below).
    for file in ["financement.csv", "calendrier.csv"] {
        assert!(
            !out.join("esp_proposition_2020").join(file).exists(),
            "{file}"
        );
    }
    // The amendment chain, and the draft followed by the signed agreement.
    for stem in [
        "aci_cpts_2019__avenant_2_proposition_2020",
        "cpts_projet_2019_01__aci_cpts_2019",
    ] {
        for ext in ["html", "pdf", "md", "txt", "json"] {
            assert!(
                out.join("comparaisons")
                    .join(format!("{stem}.{ext}"))
                    .is_file(),
                "{stem}.{ext}"
            );
        }
    }
    // Each comparison's four files, and the amendment's costing page (docs/cost.md).
    assert!(out
        .join("comparaisons")
        .join("aci_cpts_2019__avenant_2_proposition_2020.chiffrage.html")
        .is_file());
    let comparisons: Vec<_> = std::fs::read_dir(out.join("comparaisons"))
        .expect("comparisons")
        .collect();
    assert_eq!(
        comparisons.len(),
        // Two comparisons of five files each, and the amendment's costing page.
        2 * 5 + 1,
        "no comparison between unrelated versions (ESP and CPTS)"
    );
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(index.contains(r#"href="aci_cpts_2019/index.html""#));
    assert!(
        index.contains("Avenant consolidé sur Accord conventionnel interprofessionnel CPTS"),
        "which amends which"
    );
    assert!(index.contains("comparaisons/aci_cpts_2019__avenant_2_proposition_2020.html"));

    let mut pages = Vec::new();
    html_files(&out, &mut pages);
    // The index, each version's page and its simulator, two comparisons, one costing.
    assert_eq!(pages.len(), 1 + 5 + 5 + 2 + 1);
    for page in &pages {
        let name = page
            .strip_prefix(&out)
            .expect("inside")
            .display()
            .to_string();
        let text = std::fs::read_to_string(page).expect("page");
        assert!(
            text.starts_with("<!DOCTYPE html><html lang=\"fr\">"),
            "{name}: French page"
        );
        assert!(text.contains("<meta charset=\"utf-8\">"));
        assert!(
            text.contains("@page { size: A4"),
            "{name}: print stylesheet"
        );
        // Only a simulator runs a script: one, inlined, the version's generated evaluator.
        let scripts = text.matches("<script").count();
        assert!(
            !text.contains("src=") && !text.contains("href=\"http") && !text.contains("url("),
            "{name}: nothing from the network"
        );
        // Every version has its simulator, an amendment with dates of effect included: the
        // generated JavaScript carries the rules of time.
        if name.ends_with("simulateur.html") {
            assert_eq!(scripts, 1, "{name}: one inline script");
            assert!(
                text.contains("<script type=\"module\">"),
                "{name}: inline module"
            );
            assert!(
                !text.contains("fetch(") && !text.contains("import("),
                "{name}: no request"
            );
            continue;
        }
        assert_eq!(scripts, 0, "{name}: no script");
        assert_well_formed(&text, &name);
        for table in text.split("<table").skip(1) {
            let table = &table[..table.find("</table>").expect("closed table")];
            assert!(
                table.contains("<thead>") && table.contains("<th scope=\"col\""),
                "{name}: a table without column headers"
            );
        }
        // Relative links point at files of the site.
        for link in text.split("href=\"").skip(1) {
            let target = &link[..link.find('"').expect("quoted")];
            if target.starts_with('#') {
                continue;
            }
            let target = target.split('#').next().unwrap_or(target);
            assert!(
                page.parent().expect("folder").join(target).is_file(),
                "{name}: broken link {target}"
            );
        }
    }
}

#[test]
fn build_with_errors_writes_nothing_and_exits_1() {
    let sources = scratch("broken-sources");
    std::fs::write(
        sources.join("v.clause"),
        "accord v \"V\" {\n  statut signé\n  source \"s\"\n}\n",
    )
    .expect("write");
    let out = scratch("broken-site").join("site");
    let result = clause(&[
        "build",
        sources.to_str().expect("path"),
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("le site n'est pas écrit"));
    assert!(!out.exists());
}

#[test]
fn doc_writes_each_format_to_stdout_a_file_or_a_folder() {
    let md = clause(&["doc", "aci_cpts_2019", "--format", "md"]);
    assert!(md.status.success());
    let text = String::from_utf8(md.stdout).expect("UTF-8");
    assert!(text.starts_with("# Accord conventionnel interprofessionnel CPTS"));
    assert!(text.contains("**220\u{202F}000\u{A0}€**"));

    // Two CSV tables: `--out` names the folder that receives one file per table.
    let tables = scratch("doc-csv");
    let csv = clause(&[
        "doc",
        "agreements/avenant_2_proposition_2020.clause",
        "--format",
        "csv",
        "--out",
        tables.to_str().expect("path"),
    ]);
    assert!(
        csv.status.success(),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    assert!(csv.stdout.is_empty(), "nothing joined on stdout");
    let read = |name: &str| std::fs::read_to_string(tables.join(name)).expect("written");
    let funding = read("avenant_2_proposition_2020-financement.csv");
    assert!(funding.starts_with(
        "version,ligne,tranche,montant,libelle_ligne,libelle_mission,libelle_tranche\n"
    ));
    assert!(
        funding.contains("avenant_2_proposition_2020,supplement_amorcage,taille_4,67500,"),
        "a file path names its version, the base is found beside it"
    );
    let calendar = read("avenant_2_proposition_2020-calendrier.csv");
    assert!(calendar
        .starts_with("version,mission,nature,demarrage_mois,deploiement_mois,libelle_mission\n"));

    let out = scratch("doc-out");
    let html = clause(&[
        "doc",
        "cpts_projet_2019_01",
        "--format",
        "html",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(html.status.success());
    let page = std::fs::read_to_string(out.join("cpts_projet_2019_01.html")).expect("written");
    assert_well_formed(&page, "cpts_projet_2019_01.html");
    assert!(page.contains("non précisé"));
}

#[test]
fn unknown_version_is_explained_with_a_suggestion_and_exit_2() {
    let result = clause(&["doc", "aci_cpts_2018", "--format", "md"]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("version `aci_cpts_2018` inconnue"),
        "{stderr}"
    );
    assert!(
        stderr.contains("vouliez-vous dire `aci_cpts_2019`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`esp_proposition_2020`"),
        "known versions listed: {stderr}"
    );
    let diff = clause(&["diff", "aci_cpts_2019", "avenant_3"]);
    assert_eq!(diff.status.code(), Some(2));
}

#[test]
fn diff_prints_each_format() {
    let text = clause(&["diff", "cpts_projet_2019_01", "aci_cpts_2019"]);
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).expect("UTF-8");
    assert!(text.contains("Correspondance des tranches (par habitants)"));
    let json = clause(&[
        "diff",
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert!(value
        .as_array()
        .expect("list")
        .iter()
        .any(|c| c["chemin"] == "missions/crise_sanitaire" && c["nature"] == "ajout"));
    let html = clause(&[
        "diff",
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "--format",
        "html",
    ]);
    let page = String::from_utf8(html.stdout).expect("UTF-8");
    assert_well_formed(&page, "diff.html");
    assert!(page.contains(r#"<div class="side">"#), "side by side");
    assert!(
        page.contains(r#"<tr class="added">"#),
        "additions highlighted"
    );
}
