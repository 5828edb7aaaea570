//! Protocol tests: the real server, in process, driven over JSON-RPC as an editor drives it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use support::{agreement, fixture, labels, mark, Client, Fixture};

const ACI: &str = "aci_cpts_2019.clause";
const AVENANT: &str = "avenant_2_proposition_2020.clause";

fn shipped(marked: Option<(&str, String)>) -> Fixture {
    let mut files: Vec<(String, String)> = [
        "aci_cpts_2019",
        "avenant_2_proposition_2020",
        "cpts_projet_2019_01",
        "esp_proposition_2020",
    ]
    .iter()
    .map(|n| (format!("{n}.clause"), agreement(n)))
    .collect();
    if let Some((name, text)) = marked {
        for file in &mut files {
            if file.0 == name {
                file.1 = text.clone();
            }
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    fixture(&refs)
}

/// `file:line:col-line:col` (one-based lines and columns, columns in UTF-16 units).
fn range_text(range: &Value) -> String {
    let p = |v: &Value| {
        format!(
            "{}:{}",
            v["line"].as_u64().unwrap() + 1,
            v["character"].as_u64().unwrap() + 1
        )
    };
    format!("{}-{}", p(&range["start"]), p(&range["end"]))
}

fn location_text(fixture: &Fixture, location: &Value) -> String {
    let uri = location["uri"].as_str().unwrap();
    let name = uri.rsplit('/').next().unwrap();
    let range = &location["range"];
    let (start, end) = (
        range["start"]["line"].as_u64().unwrap() as usize,
        range["start"]["character"].as_u64().unwrap() as usize,
    );
    let text = fixture.text(name);
    let line = text.lines().nth(start).unwrap_or("");
    let _ = end;
    format!("{name}:{} `{}`", range_text(range), line.trim())
}

fn diagnostics_text(diagnostics: &Value) -> String {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let related = d["relatedInformation"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .map(|r| {
                            format!(
                                "\n    ↳ {} {} : {}",
                                r["location"]["uri"]
                                    .as_str()
                                    .unwrap()
                                    .rsplit('/')
                                    .next()
                                    .unwrap(),
                                range_text(&r["location"]["range"]),
                                r["message"].as_str().unwrap()
                            )
                        })
                        .collect::<String>()
                })
                .unwrap_or_default();
            format!(
                "{} {} {}{related}",
                d["code"].as_str().unwrap(),
                range_text(&d["range"]),
                d["message"].as_str().unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn shipped_agreements_have_no_diagnostics_then_a_gap_shows_at_its_range_and_clears_when_fixed(
) {
    let fixture = shipped(None);
    let mut client = Client::start(&fixture.dir).await;
    client.open(&fixture, ACI).await;
    let uri = fixture.uri(ACI);
    assert_eq!(client.diagnostics_of(&uri, 1).await, json!([]));
    // `de 40 000 à moins de 80 000` → `de 40 000 à moins de 70 000`: 70 000 to 79 999 are in no band.
    let text = fixture.text(ACI);
    let line = text
        .lines()
        .position(|l| l.contains("de 40 000 à moins de 80 000"))
        .unwrap();
    let column = text.lines().nth(line).unwrap().encode_utf16().count() - "80 000".len();
    let change = json!({"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 2}}, "text": "70"});
    client.change(&uri, 2, change).await;
    let diagnostics = client.diagnostics_of(&uri, 2).await;
    insta::assert_snapshot!(diagnostics_text(&diagnostics));
    // Put it back: the diagnostic is cleared.
    let change = json!({"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 2}}, "text": "80"});
    client.change(&uri, 3, change).await;
    assert_eq!(client.diagnostics_of(&uri, 3).await, json!([]));
}

#[tokio::test]
async fn every_edit_is_answered_with_the_diagnostics_of_its_version() {
    let fixture = shipped(None);
    let mut client = Client::start(&fixture.dir).await;
    client.open(&fixture, ACI).await;
    let uri = fixture.uri(ACI);
    assert_eq!(client.diagnostics_of(&uri, 1).await, json!([]));
    // A comment typed on the first line changes no diagnostic: the editor still learns that its
    // version 2 has none (and can drop anything it showed for version 1).
    let change = json!({"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# relu\n"});
    client.change(&uri, 2, change).await;
    assert_eq!(client.diagnostics_of(&uri, 2).await, json!([]));
}

#[tokio::test]
async fn editing_a_base_updates_its_amendments_diagnostics() {
    let fixture = shipped(None);
    let mut client = Client::start(&fixture.dir).await;
    client.open(&fixture, ACI).await;
    let aci = fixture.uri(ACI);
    let avenant = fixture.uri(AVENANT);
    assert_eq!(client.diagnostics(&aci).await, json!([]));
    assert_eq!(client.diagnostics(&avenant).await, json!([]));
    // Fonctionnement of taille 3 becomes 76 000 €: the amendment's `attendu` of 75 % no longer holds.
    let text = fixture.text(ACI);
    let definition = text.find("enveloppe fonctionnement").unwrap();
    let amount = definition + text[definition..].find("75 000 €").unwrap();
    let line = text[..amount].matches('\n').count();
    let line_start = text[..amount].rfind('\n').map_or(0, |i| i + 1);
    let character = text[line_start..amount].encode_utf16().count();
    let change = json!({"range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character + 2}}, "text": "76"});
    client.change(&aci, 2, change).await;
    let diagnostics = client.diagnostics(&avenant).await;
    insta::assert_snapshot!(diagnostics_text(&diagnostics));
}

#[tokio::test]
async fn an_amendment_diagnostic_points_into_the_base_as_related_information() {
    let text = agreement("avenant_2_proposition_2020").replace("ajoute valeur amorcage_total", "ajoute enveloppe fonctionnement par taille [1 €, 2 €, 3 €, 4 €]\n  ajoute valeur amorcage_total");
    let fixture = shipped(Some((AVENANT, text)));
    let mut client = Client::start(&fixture.dir).await;
    let diagnostics = client.diagnostics(&fixture.uri(AVENANT)).await;
    insta::assert_snapshot!(diagnostics_text(&diagnostics));
}

#[tokio::test]
async fn hover_in_an_amendment_shows_the_base_envelope_per_band_and_its_provenance() {
    let fixture = shipped(Some((
        AVENANT,
        mark(
            &agreement("avenant_2_proposition_2020"),
            "fonctionnement",
            0,
            3,
        ),
    )));
    let mut client = Client::start(&fixture.dir).await;
    let hover = client.request("textDocument/hover", fixture.at()).await;
    insta::assert_snapshot!(format!(
        "{}\n\n{}",
        range_text(&hover["range"]),
        hover["contents"]["value"].as_str().unwrap()
    ));
}

#[tokio::test]
async fn hover_on_a_formula_shows_its_computed_values() {
    let fixture = shipped(Some((
        AVENANT,
        mark(
            &agreement("avenant_2_proposition_2020"),
            "supplement_amorcage",
            0,
            0,
        ),
    )));
    let mut client = Client::start(&fixture.dir).await;
    let hover = client.request("textDocument/hover", fixture.at()).await;
    insta::assert_snapshot!(hover["contents"]["value"].as_str().unwrap());
}

#[tokio::test]
async fn hover_on_a_keyword_shows_its_documentation() {
    let fixture = shipped(Some((
        AVENANT,
        mark(&agreement("avenant_2_proposition_2020"), "attendu", 0, 2),
    )));
    let mut client = Client::start(&fixture.dir).await;
    let hover = client.request("textDocument/hover", fixture.at()).await;
    insta::assert_snapshot!(hover["contents"]["value"].as_str().unwrap());
}

#[tokio::test]
async fn definition_references_and_highlight_cross_from_the_amendment_into_the_base() {
    let fixture = shipped(Some((
        AVENANT,
        mark(
            &agreement("avenant_2_proposition_2020"),
            "fonctionnement",
            0,
            0,
        ),
    )));
    let mut client = Client::start(&fixture.dir).await;
    let definition = client
        .request("textDocument/definition", fixture.at())
        .await;
    let mut params = fixture.at();
    params["context"] = json!({"includeDeclaration": true});
    let references = client.request("textDocument/references", params).await;
    let highlights = client
        .request("textDocument/documentHighlight", fixture.at())
        .await;
    let references: Vec<String> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|l| location_text(&fixture, l))
        .collect();
    let highlights: Vec<String> = highlights
        .as_array()
        .unwrap()
        .iter()
        .map(|h| format!("{} {}", range_text(&h["range"]), h["kind"]))
        .collect();
    insta::assert_snapshot!(format!(
        "definition: {}\nreferences:\n{}\nhighlights:\n{}",
        location_text(&fixture, &definition),
        references.join("\n"),
        highlights.join("\n")
    ));
}

#[tokio::test]
async fn rename_across_files_then_the_workspace_still_checks() {
    let fixture = shipped(Some((
        ACI,
        mark(
            &agreement("aci_cpts_2019"),
            "enveloppe fonctionnement",
            0,
            "enveloppe ".len(),
        ),
    )));
    let mut client = Client::start(&fixture.dir).await;
    let prepared = client
        .request("textDocument/prepareRename", fixture.at())
        .await;
    assert_eq!(
        range_text(&prepared),
        range_text(
            &json!({"start": fixture.position(), "end": {"line": fixture.position()["line"], "character": fixture.position()["character"].as_u64().unwrap() + 14}})
        )
    );
    let mut params = fixture.at();
    params["newName"] = json!("fonctionnement_été");
    let edit = client.request("textDocument/rename", params).await;
    let changes = edit["changes"].as_object().unwrap();
    let mut lines = Vec::new();
    for (uri, edits) in changes {
        for e in edits.as_array().unwrap() {
            lines.push(format!(
                "{} {} → {}",
                uri.rsplit('/').next().unwrap(),
                range_text(&e["range"]),
                e["newText"].as_str().unwrap()
            ));
        }
    }
    lines.sort();
    insta::assert_snapshot!(lines.join("\n"));
    // Applying the edits leaves a workspace without errors.
    for (uri, edits) in changes {
        let changes: Vec<Value> = edits
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .map(|e| json!({"range": e["range"], "text": e["newText"]}))
            .collect();
        client.open(&fixture, uri.rsplit('/').next().unwrap()).await;
        let mut sorted = changes.clone();
        sorted.sort_by_key(|c| {
            std::cmp::Reverse((
                c["range"]["start"]["line"].as_u64(),
                c["range"]["start"]["character"].as_u64(),
            ))
        });
        client
            .notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": sorted}),
            )
            .await;
    }
    let symbols = client
        .request("workspace/symbol", json!({"query": "fonctionnement_été"}))
        .await;
    assert_eq!(symbols.as_array().unwrap().len(), 1, "{symbols}");
    client.notifications.clear();
    let aci = fixture.uri(ACI);
    // The latest diagnostics of both files are empty.
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": aci}, "position": fixture.position()}),
        )
        .await;
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("fonctionnement_été"));
}

#[tokio::test]
async fn prepare_rename_refuses_keywords_and_rename_refuses_keywords_as_names() {
    let fixture = shipped(Some((
        AVENANT,
        mark(&agreement("avenant_2_proposition_2020"), "attendu", 0, 1),
    )));
    let mut client = Client::start(&fixture.dir).await;
    let refused = client
        .request("textDocument/prepareRename", fixture.at())
        .await;
    assert_eq!(
        refused["error"]["message"],
        json!("`attendu` est un mot-clé : il ne se renomme pas")
    );
    let fixture = shipped(Some((
        AVENANT,
        mark(
            &agreement("avenant_2_proposition_2020"),
            "supplement_amorcage",
            0,
            0,
        ),
    )));
    let mut client = Client::start(&fixture.dir).await;
    let mut params = fixture.at();
    params["newName"] = json!("enveloppe");
    let refused = client.request("textDocument/rename", params).await;
    assert_eq!(
        refused["error"]["message"],
        json!("`enveloppe` n'est pas un identifiant valide")
    );
}

const ACCENTED: &str = r#"accord été "Été « spécial » — l’accord" {
  statut projet
  source "é"
  entrée habitants "Habitants" : nombre
  tranches taille selon habitants {
    petite "Petite « é »" : moins de 40 000
    grande "Grande" : à partir de 40 000
  }
  enveloppe coût_été "Coût « été » ’" par taille [1 000 €, 2 000 €]
  valeur moitié "« Moitié »" = 50 % × coût_été$0
}
"#;

#[tokio::test]
async fn positions_count_utf16_units_on_lines_with_accents_and_guillemets() {
    let fixture = fixture(&[("ete.clause", ACCENTED)]);
    let mut client = Client::start(&fixture.dir).await;
    // The cursor sits after `coût_été` (46 UTF-16 units, 52 bytes in) on line 10: `  valeur moitié "« Moitié »" = 50 % × coût_été`.
    assert_eq!(fixture.position(), json!({"line": 9, "character": 46}));
    let hover = client.request("textDocument/hover", fixture.at()).await;
    assert_eq!(range_text(&hover["range"]), "10:39-10:47");
    let definition = client
        .request("textDocument/definition", fixture.at())
        .await;
    // `  enveloppe coût_été "…`: the name starts at column 13 and has 8 UTF-16 units.
    assert_eq!(range_text(&definition["range"]), "9:13-9:21");
    let highlights = client
        .request("textDocument/documentHighlight", fixture.at())
        .await;
    let ranges: Vec<String> = highlights
        .as_array()
        .unwrap()
        .iter()
        .map(|h| range_text(&h["range"]))
        .collect();
    assert_eq!(ranges, vec!["9:13-9:21", "10:39-10:47"]);
    let uri = fixture.uri("ete.clause");
    let hints = client.request("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}}})).await;
    let hints: Vec<String> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            format!(
                "{}:{} {}",
                h["position"]["line"].as_u64().unwrap() + 1,
                h["position"]["character"].as_u64().unwrap() + 1,
                h["label"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        hints,
        vec!["9:51 petite:", "9:60 grande:", "10:47 = [500 €, 1 000 €]"]
    );
}

#[tokio::test]
async fn completion_offers_keywords_names_and_band_names() {
    // In an expression: names in scope.
    let text = ACCENTED.replace("coût_été$0", "co$0");
    let fixture = fixture(&[("ete.clause", &text)]);
    let mut client = Client::start(&fixture.dir).await;
    let items = client
        .request("textDocument/completion", fixture.at())
        .await;
    let labels = labels(&items);
    assert!(
        labels.contains(&"coût_été") && labels.contains(&"habitants"),
        "{labels:?}"
    );
    // At item level: item keywords and the mission snippet.
    let text = ACCENTED.replace("coût_été$0\n", "coût_été\n  $0\n");
    let fixture = support::fixture(&[("ete.clause", &text)]);
    let mut client = Client::start(&fixture.dir).await;
    let items = client
        .request("textDocument/completion", fixture.at())
        .await;
    let labels: Vec<String> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| format!("{} ({})", i["label"].as_str().unwrap(), i["kind"]))
        .collect();
    insta::assert_snapshot!(labels.join("\n"));
    // Inside a named band table: the band names.
    let text = ACCENTED
        .replace("par taille [1 000 €, 2 000 €]", "par taille { $0 }")
        .replace("coût_été$0", "coût_été");
    let fixture = support::fixture(&[("ete.clause", &text)]);
    let mut client = Client::start(&fixture.dir).await;
    let items = client
        .request("textDocument/completion", fixture.at())
        .await;
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, vec!["petite", "grande"]);
}

#[tokio::test]
async fn outline_and_workspace_symbols() {
    let fixture = shipped(None);
    let mut client = Client::start(&fixture.dir).await;
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": fixture.uri(AVENANT)}}),
        )
        .await;
    fn outline(symbols: &Value, depth: usize, out: &mut Vec<String>) {
        for s in symbols.as_array().unwrap() {
            out.push(format!(
                "{}{} ({}) {}",
                "  ".repeat(depth),
                s["name"].as_str().unwrap(),
                s["kind"],
                range_text(&s["selectionRange"])
            ));
            outline(&s["children"], depth + 1, out);
        }
    }
    let mut lines = Vec::new();
    outline(&symbols, 0, &mut lines);
    let found = client
        .request("workspace/symbol", json!({"query": "crise"}))
        .await;
    let found: Vec<String> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} in {}",
                location_text(&fixture, &s["location"]),
                s["containerName"]
            )
        })
        .collect();
    insta::assert_snapshot!(format!("{}\n---\n{}", lines.join("\n"), found.join("\n")));
}

#[tokio::test]
async fn formatting_returns_the_canonical_text_and_nothing_for_a_file_that_does_not_parse() {
    let messy = "accord   a \"A\"{\nstatut projet\n  source    \"s\"\nentrée x : nombre\n}\n";
    let fixture = fixture(&[("a.clause", messy)]);
    let mut client = Client::start(&fixture.dir).await;
    let uri = fixture.uri("a.clause");
    let edits = client
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
        .await;
    let formatted = edits[0]["newText"].as_str().unwrap();
    assert_eq!(
        formatted,
        clause_compiler::format::format_source(clause_compiler::FileId(0), messy).unwrap()
    );
    assert_ne!(formatted, messy);
    client.open(&fixture, "a.clause").await;
    client.change(&uri, 2, json!({"text": "accord {"})).await;
    let edits = client
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
        .await;
    assert_eq!(edits, Value::Null);
}

#[tokio::test]
async fn semantic_tokens_classify_keywords_names_amounts_dates_strings_and_comments() {
    let text = "# note\naccord été \"É\" {\n  signé le 2019-06-20\n  entrée n : nombre\n  valeur v = 75 % × 1 000 € + n\n}\n";
    let fixture = fixture(&[("t.clause", text)]);
    let mut client = Client::start(&fixture.dir).await;
    let result = client
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": fixture.uri("t.clause")}}),
        )
        .await;
    let data: Vec<u64> = result["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let types = [
        "keyword",
        "namespace",
        "class",
        "property",
        "variable",
        "parameter",
        "type",
        "enumMember",
        "enum",
        "function",
        "number",
        "string",
        "comment",
        "operator",
    ];
    let mods = ["declaration", "money", "percent", "date"];
    let (mut line, mut column) = (0, 0);
    let mut out = Vec::new();
    for chunk in data.chunks(5) {
        if chunk[0] > 0 {
            column = 0;
        }
        line += chunk[0];
        column += chunk[1];
        let source_line: Vec<u16> = text
            .lines()
            .nth(line as usize)
            .unwrap()
            .encode_utf16()
            .collect();
        let word =
            String::from_utf16_lossy(&source_line[column as usize..(column + chunk[2]) as usize]);
        let modifiers: Vec<&str> = (0..4)
            .filter(|b| chunk[4] & (1 << b) != 0)
            .map(|b| mods[b])
            .collect();
        out.push(format!(
            "{}:{} {word:?} {} {}",
            line + 1,
            column + 1,
            types[chunk[3] as usize],
            modifiers.join(",")
        ));
    }
    insta::assert_snapshot!(out.join("\n"));
}

#[tokio::test]
async fn quick_fixes_add_missing_band_entries_and_replace_a_wrong_expected_table() {
    let text = ACCENTED.replace("coût_été$0", "coût_été").replace(
        "  valeur moitié",
        "  enveloppe autre par taille { petite: 5 € }\n  valeur double = 2 × coût_été attendu [2 000 €, 3 000 €]\n  valeur moitié",
    );
    let fixture = fixture(&[("ete.clause", &text)]);
    let mut client = Client::start(&fixture.dir).await;
    let uri = fixture.uri("ete.clause");
    let mut actions = Vec::new();
    for line in [9, 10] {
        let result = client
            .request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 200}}, "context": {"diagnostics": []}}))
            .await;
        for action in result.as_array().unwrap() {
            let edits: Vec<String> = action["edit"]["changes"][&uri]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    format!(
                        "{} → {:?}",
                        range_text(&e["range"]),
                        e["newText"].as_str().unwrap()
                    )
                })
                .collect();
            actions.push(format!(
                "{} [{}] {}",
                action["title"].as_str().unwrap(),
                action["diagnostics"][0]["code"].as_str().unwrap_or("-"),
                edits.join("; ")
            ));
        }
    }
    insta::assert_snapshot!(actions.join("\n"));
}

#[tokio::test]
async fn folding_and_selection_ranges() {
    let fixture = fixture(&[("ete.clause", ACCENTED)]);
    let mut client = Client::start(&fixture.dir).await;
    let uri = fixture.uri("ete.clause");
    let folds = client
        .request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let folds: Vec<String> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}-{}",
                f["startLine"].as_u64().unwrap() + 1,
                f["endLine"].as_u64().unwrap() + 1
            )
        })
        .collect();
    assert_eq!(folds, vec!["1-11", "5-8"]);
    let selection = client
        .request(
            "textDocument/selectionRange",
            json!({"textDocument": {"uri": uri}, "positions": [fixture.position()]}),
        )
        .await;
    let mut chain = Vec::new();
    let mut current = &selection[0];
    while !current.is_null() {
        chain.push(range_text(&current["range"]));
        current = &current["parent"];
    }
    assert_eq!(
        chain,
        vec!["10:39-10:47", "10:32-10:47", "10:3-10:47", "1:1-11:2"]
    );
}

#[tokio::test]
async fn a_file_that_does_not_parse_shows_its_syntax_error_and_keeps_navigation() {
    let fixture = shipped(Some((
        AVENANT,
        mark(
            &agreement("avenant_2_proposition_2020"),
            "fonctionnement",
            0,
            0,
        ),
    )));
    let mut client = Client::start(&fixture.dir).await;
    let avenant = fixture.uri(AVENANT);
    client.open(&fixture, AVENANT).await;
    assert_eq!(client.diagnostics_of(&avenant, 1).await, json!([]));
    // Type an unfinished item before the closing brace (after the cursor: positions before it hold).
    let last = fixture.text(AVENANT).lines().count() - 1;
    let change = json!({"range": {"start": {"line": last, "character": 0}, "end": {"line": last, "character": 0}}, "text": "  ajoute enveloppe =\n"});
    client.change(&avenant, 2, change).await;
    let diagnostics = client.diagnostics_of(&avenant, 2).await;
    assert_eq!(diagnostics[0]["code"], json!("E0001"), "{diagnostics}");
    // The line that ends on `=` is blamed, not the brace where the parse noticed it.
    assert_eq!(diagnostics[0]["range"]["start"]["line"], json!(last));
    // The amendment no longer parses, and navigation from it still reaches the base.
    let position = fixture.position();
    let definition = client
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": avenant}, "position": position}),
        )
        .await;
    assert!(
        definition["uri"].as_str().unwrap().ends_with(ACI),
        "{definition}"
    );
}
