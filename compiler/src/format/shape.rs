//! The syntax tree modulo spans and layout: what formatting must not change.

use clause_grammar::ast::SourceFile;
use serde_json::{Map, Value};

/// The declarations as JSON without any span: `span` and `keyword_span` keys are removed and
/// the spans that stand as values (`sans indicateur`, `non éligible`, duplicate deadlines) are
/// replaced by `true`, since only their presence is syntax. Comments are left out: they are
/// layout, and their texts are compared on their own.
pub fn syntax_shape(file: &SourceFile) -> Value {
    let mut value = serde_json::to_value(&file.declarations).unwrap_or(Value::Null);
    strip(&mut value);
    value
}

fn strip(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if is_span(map) {
                *value = Value::Bool(true);
                return;
            }
            map.remove("span");
            map.remove("keyword_span");
            map.values_mut().for_each(strip);
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

fn is_span(map: &Map<String, Value>) -> bool {
    map.len() == 3
        && ["file", "start", "end"]
            .iter()
            .all(|key| map.contains_key(*key))
}
