//! Bad input: the server answers with an error or nothing, never crashes, never blocks for long.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use std::time::{Duration, Instant};
use support::{agreement, fixture, Client};

#[tokio::test]
async fn malformed_json_and_unknown_methods_get_errors_and_the_server_keeps_serving() {
    let fixture = fixture(&[("a.clause", &agreement("esp_proposition_2020"))]);
    let mut client = Client::start(&fixture.dir).await;
    client
        .send_raw("{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ")
        .await;
    let unknown = client.request("clause/nimportequoi", json!({})).await;
    assert_eq!(unknown["error"]["code"], json!(-32601), "{unknown}");
    let wrong_params = client
        .request("textDocument/hover", json!({"position": "ici"}))
        .await;
    assert_eq!(
        wrong_params["error"]["code"],
        json!(-32602),
        "{wrong_params}"
    );
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": fixture.uri("a.clause")}}),
        )
        .await;
    assert_eq!(symbols[0]["name"], json!("esp_proposition_2020"));
}

#[tokio::test]
async fn positions_out_of_range_and_unknown_documents_answer_nothing() {
    let fixture = fixture(&[("a.clause", &agreement("esp_proposition_2020"))]);
    let mut client = Client::start(&fixture.dir).await;
    let uri = fixture.uri("a.clause");
    for position in [
        json!({"line": 100000, "character": 0}),
        json!({"line": 3, "character": 100000}),
        json!({"line": 4294967295u64, "character": 4294967295u64}),
    ] {
        let hover = client
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": position}),
            )
            .await;
        assert!(
            hover.is_null() || hover.get("contents").is_some(),
            "{hover}"
        );
        let definition = client
            .request(
                "textDocument/definition",
                json!({"textDocument": {"uri": uri}, "position": position}),
            )
            .await;
        assert!(definition.get("error").is_none());
        let completion = client
            .request(
                "textDocument/completion",
                json!({"textDocument": {"uri": uri}, "position": position}),
            )
            .await;
        assert!(completion.get("error").is_none());
    }
    let missing = client.request("textDocument/hover", json!({"textDocument": {"uri": "file:///nulle/part.clause"}, "position": {"line": 0, "character": 0}})).await;
    assert!(missing.is_null());
    // An edit whose range lies past the end is clamped, not a crash.
    client.open(&fixture, "a.clause").await;
    let change = json!({"range": {"start": {"line": 9999, "character": 5}, "end": {"line": 0, "character": 0}}, "text": "# fin"});
    client.change(&uri, 2, change).await;
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(symbols[0]["name"], json!("esp_proposition_2020"));
}

#[tokio::test]
async fn invalid_utf8_on_disk_and_a_file_deleted_while_open() {
    let fixture = fixture(&[("a.clause", &agreement("esp_proposition_2020"))]);
    std::fs::write(
        fixture.dir.join("b.clause"),
        b"accord b \"\xff\xfe\" { statut projet }\n",
    )
    .unwrap();
    let mut client = Client::start(&fixture.dir).await;
    let b = fixture.uri("b.clause");
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": b}}),
        )
        .await;
    assert_eq!(symbols[0]["name"], json!("b"));
    // Delete `a.clause` while it is open: the buffer stays; closing it drops the file and clears
    // its diagnostics.
    let a = fixture.uri("a.clause");
    client.open(&fixture, "a.clause").await;
    std::fs::remove_file(fixture.dir.join("a.clause")).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": a, "type": 3}]}),
        )
        .await;
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": a}}),
        )
        .await;
    assert_eq!(symbols[0]["name"], json!("esp_proposition_2020"));
    client
        .notify("textDocument/didClose", json!({"textDocument": {"uri": a}}))
        .await;
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": a}}),
        )
        .await;
    assert!(symbols.is_null(), "{symbols}");
}

#[tokio::test]
async fn a_5_mb_document_is_handled_without_blocking_other_requests_for_long() {
    let fixture = fixture(&[
        ("small.clause", &agreement("esp_proposition_2020")),
        ("big.clause", ""),
    ]);
    let mut client = Client::start(&fixture.dir).await;
    let line = "# une ligne de commentaire assez longue pour remplir le fichier, avec des accents : é€«’\n";
    let big = line.repeat(5 * 1024 * 1024 / line.len());
    let big_uri = fixture.uri("big.clause");
    client.notify("textDocument/didOpen", json!({"textDocument": {"uri": big_uri, "languageId": "clause", "version": 1, "text": big}})).await;
    let started = Instant::now();
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": fixture.uri("small.clause")}}),
        )
        .await;
    assert_eq!(symbols[0]["name"], json!("esp_proposition_2020"));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let tokens = client
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": big_uri}}),
        )
        .await;
    assert_eq!(
        tokens["data"].as_array().unwrap().len() / 5,
        big.lines().count()
    );
}

#[tokio::test]
async fn edits_faster_than_analysis_end_with_the_diagnostics_of_the_last_text() {
    let fixture = fixture(&[("a.clause", &agreement("aci_cpts_2019"))]);
    let mut client = Client::start(&fixture.dir).await;
    let uri = fixture.uri("a.clause");
    client.open(&fixture, "a.clause").await;
    let text = fixture.text("a.clause");
    // 200 edits without waiting, each toggling a syntax error on and off; the last leaves one.
    for version in 2..202 {
        let changed = if version % 2 == 0 {
            text.replace("statut signé", "statut ???")
        } else {
            text.clone()
        };
        client.change(&uri, version, json!({"text": changed})).await;
    }
    client
        .change(
            &uri,
            300,
            json!({"text": text.replace("statut signé", "statut ???")}),
        )
        .await;
    // A request after the burst sees the last text.
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert!(hover.get("error").is_none());
    let mut last = json!(null);
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        last = client.diagnostics_of(&uri, 300).await;
        if last
            .as_array()
            .is_some_and(|l| l.len() == 1 && l[0]["code"] == json!("E0001"))
        {
            break;
        }
    }
    assert_eq!(last[0]["code"], json!("E0001"), "{last}");
}
