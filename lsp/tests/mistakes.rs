//! The editor after a drafter's mistake: a syntax error costs its entry, and what the server sends
//! about the file (semantic tokens here) belongs to the text being edited; completion items are
//! plain words, never markup.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use support::{agreement, fixture, Client};

/// The absolute (line, start, length) of each semantic token, in UTF-16 code units.
fn decode(data: &serde_json::Value) -> Vec<(usize, usize, usize)> {
    let numbers: Vec<usize> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    let (mut line, mut column) = (0, 0);
    let mut tokens = Vec::new();
    for chunk in numbers.chunks(5) {
        if chunk[0] > 0 {
            column = 0;
        }
        line += chunk[0];
        column += chunk[1];
        tokens.push((line, column, chunk[2]));
    }
    tokens
}

#[tokio::test]
async fn semantic_tokens_after_an_edit_into_a_syntax_error_fall_within_the_new_text() {
    let text = agreement("aci_cpts_2019");
    let fixture = fixture(&[("a.clause", &text)]);
    let mut client = Client::start(&fixture.dir).await;
    client.open(&fixture, "a.clause").await;
    let uri = fixture.uri("a.clause");
    // The edit deletes most of the file (the old tokens would run past its lines) and leaves a
    // value unfinished in the middle of what remains.
    let kept: Vec<&str> = text.lines().take(40).collect();
    let mut new_text = kept.join("\n");
    new_text.push_str("\n  valeur inachevee = 1 000 € ×\n  valeur suivante = 2 000 €\n}\n");
    client.change(&uri, 2, json!({"text": new_text})).await;
    let diagnostics = client.diagnostics_of(&uri, 2).await;
    assert!(
        diagnostics.to_string().contains("E0001"),
        "the syntax error is reported: {diagnostics}"
    );
    let result = client
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let tokens = decode(&result["data"]);
    let lines: Vec<Vec<u16>> = new_text
        .lines()
        .map(|l| l.encode_utf16().collect())
        .collect();
    assert!(
        !tokens.is_empty(),
        "the entries that parse are still coloured"
    );
    for (line, start, length) in &tokens {
        let source = lines
            .get(*line)
            .unwrap_or_else(|| panic!("token on line {line}, the text has {}", lines.len()));
        assert!(
            start + length <= source.len(),
            "token {start}+{length} past the end of line {line}: {:?}",
            String::from_utf16_lossy(source)
        );
    }
    // The value after the broken one is parsed, and coloured: its name is a token.
    let after = lines.len() - 2;
    assert!(
        tokens.iter().any(|(line, _, _)| *line == after),
        "no token on the line after the error"
    );
}

#[tokio::test]
async fn completion_items_are_plain_words_without_markup() {
    let text =
        "accord a \"A\" {\n  statut projet\n  entrée n : nombre\n  condition c : n > 1 et $0\n}\n";
    let fixture = fixture(&[("c.clause", text)]);
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
    assert!(
        labels.contains(&"vrai") && labels.contains(&"faux"),
        "{labels:?}"
    );
    for label in &labels {
        assert!(
            !label.contains(['`', '*', '[', ']', '<', '>', '…']),
            "markup in the completion item {label:?}"
        );
    }
}
