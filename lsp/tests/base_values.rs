//! Protocol tests of amounts written relative to the base (`x de la base`, docs/language.md
//! § 12.8): navigation to the base's line, the words' documentation, completion.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::Value;
use support::{agreement, fixture, labels, mark, Client, Fixture};

const ACI: &str = "aci_cpts_2019.clause";

/// An amendment that writes amounts relative to its base (docs/language.md § 12.8).
const RELATIVE: &str = "avenant montants_2025 \"Montants\" modifie aci_cpts_2019 {\n  statut projet\n  source \"test\"\n  remplace montant fonctionnement = fonctionnement de la base + 2 000 €\n}\n";

async fn at_relative(marked: String, method: &str) -> (Fixture, Value) {
    let fixture = fixture(&[
        (ACI, &agreement("aci_cpts_2019")),
        ("montants.clause", &marked),
    ]);
    let mut client = Client::start(&fixture.dir).await;
    let answer = client.request(method, fixture.at()).await;
    (fixture, answer)
}

#[tokio::test]
async fn a_base_value_navigates_to_the_base_line_and_its_words_are_documented() {
    // `fonctionnement` in `fonctionnement de la base`: the base's envelope.
    let (fixture, definition) = at_relative(
        mark(RELATIVE, "fonctionnement de la base", 0, 3),
        "textDocument/definition",
    )
    .await;
    let shown = fixture.render(&definition);
    assert!(shown.contains(ACI), "{shown}");
    // `base`: its keyword documentation.
    let (_, hover) = at_relative(mark(RELATIVE, "base +", 0, 1), "textDocument/hover").await;
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("dans un avenant"), "{shown}");
    // `remplace montant`: `montant` tells the amendment form.
    let (_, hover) = at_relative(mark(RELATIVE, "montant ", 0, 1), "textDocument/hover").await;
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("remplace montant"), "{shown}");
}

#[tokio::test]
async fn completion_after_a_name_in_an_amendment_offers_de_la_base() {
    let text = RELATIVE.replace("fonctionnement de la base + 2 000 €", "fonctionnement $0");
    let (_, items) = at_relative(text, "textDocument/completion").await;
    let labels = labels(&items);
    assert!(labels.contains(&"de la base"), "{labels:?}");
    assert!(!labels.contains(&"de"), "{labels:?}");
}
