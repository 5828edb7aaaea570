//! The comparison for machines: a JSON list of changes
//! `{ "nature", "chemin", "avant", "apres" }`, plus `sujet`, and `ecart` / `variation_pourcentage`
//! for amounts.

use super::model::*;
use serde_json::{json, Map, Value};

fn decimal(d: rust_decimal::Decimal) -> Value {
    serde_json::from_str(&d.normalize().to_string())
        .unwrap_or_else(|_| Value::String(d.to_string()))
}

pub fn to_json(comparison: &Comparison) -> Value {
    let changes = comparison
        .changes
        .iter()
        .map(|change| {
            let mut object = Map::new();
            object.insert("nature".into(), json!(change.nature.json()));
            object.insert("chemin".into(), json!(change.path));
            object.insert(
                "avant".into(),
                change
                    .before
                    .as_ref()
                    .map_or(Value::Null, |s| s.json.clone()),
            );
            object.insert(
                "apres".into(),
                change
                    .after
                    .as_ref()
                    .map_or(Value::Null, |s| s.json.clone()),
            );
            object.insert("sujet".into(), json!(change.subject));
            if let Some(delta) = &change.delta {
                object.insert("ecart".into(), decimal(delta.amount));
                object.insert(
                    "variation_pourcentage".into(),
                    delta.percent.map_or(Value::Null, decimal),
                );
            }
            Value::Object(object)
        })
        .collect();
    Value::Array(changes)
}

pub fn render_json(comparison: &Comparison) -> String {
    let mut text =
        serde_json::to_string_pretty(&to_json(comparison)).unwrap_or_else(|_| "[]".to_string());
    text.push('\n');
    text
}
