//! Generates missions, conditions, items, amendments and whole declarations, then a whole
//! source file with odd separators (line ends, blank lines, comments) between tokens.

use super::*;

fn mission_item() -> BoxedStrategy<Tokens> {
    prop_oneof![
        (spelled(&["démarrage", "demarrage"]), deadline())
            .prop_map(|(k, d)| join(vec![vec![k], d])),
        (spelled(&["déploiement", "deploiement"]), deadline())
            .prop_map(|(k, d)| join(vec![vec![k], d])),
        value_def(true),
        attribute_named("indicateur"),
        attribute(),
    ]
    .boxed()
}

fn mission() -> BoxedStrategy<Tokens> {
    (
        ident(),
        label(),
        spelled(&["socle", "optionnelle"]),
        any::<bool>(),
        prop::collection::vec(mission_item(), 0..5),
    )
        .prop_map(|(name, label, kind, without, items)| {
            let without = if without {
                vec!["sans".into(), "indicateur".into()]
            } else {
                vec![]
            };
            join(vec![
                vec!["mission".into(), name],
                label,
                vec![kind],
                without,
                one("{"),
                join(items),
                one("}"),
            ])
        })
        .boxed()
}

fn condition() -> BoxedStrategy<Tokens> {
    (ident(), label(), expr())
        .prop_map(|(name, label, e)| join(vec![vec!["condition".into(), name], label, one(":"), e]))
        .boxed()
}

fn binding() -> BoxedStrategy<Tokens> {
    (ident(), expr())
        .prop_map(|(name, e)| join(vec![vec![name, "=".into()], e]))
        .boxed()
}

fn bindings() -> BoxedStrategy<Tokens> {
    prop::collection::vec(binding(), 1..4)
        .prop_map(|b| comma_separated(b, false))
        .boxed()
}

fn item() -> BoxedStrategy<Tokens> {
    prop_oneof![
        3 => header_item(),
        1 => enum_def(),
        2 => input_def(),
        1 => band_set(),
        3 => value_def(false),
        2 => mission(),
        1 => condition(),
        1 => (spelled(&["vérifier", "verifier"]), optional(string_literal().prop_map(|s| vec![s, ":".into()]).boxed()), expr())
            .prop_map(|(k, label, e)| join(vec![vec![k], label, e])),
        1 => (string_literal(), bindings(), spelled(&["⇒", "=>"]), prop_oneof![
                spelled(&["éligible", "eligible"]).prop_map(|e| vec!["non".into(), e]),
                bindings(),
            ])
            .prop_map(|(label, inputs, arrow, outcome)| {
                join(vec![vec!["exemple".into(), label, ":".into()], inputs, vec![arrow], outcome])
            }),
    ]
    .boxed()
}

fn amendable() -> BoxedStrategy<Tokens> {
    prop_oneof![
        value_def(false),
        mission(),
        input_def(),
        band_set(),
        enum_def(),
        condition()
    ]
    .boxed()
}

fn amendment_op() -> BoxedStrategy<Tokens> {
    prop_oneof![
        amendable().prop_map(|a| join(vec![one("ajoute"), a])),
        amendable().prop_map(|a| join(vec![one("remplace"), a])),
        (ident(), definition())
            .prop_map(|(name, d)| join(vec![vec!["remplace".into(), "montant".into(), name], d])),
        (
            spelled(&[
                "enveloppe",
                "valeur",
                "résultat",
                "resultat",
                "mission",
                "entrée",
                "entree",
                "tranches",
                "énumération",
                "condition"
            ]),
            ident()
        )
            .prop_map(|(k, name)| vec!["retire".into(), k, name]),
        (
            prop::collection::vec(ident(), 1..4),
            any::<bool>(),
            0u32..200,
            prop::option::of(spelled(&[
                "arrondi",
                "arrondi inférieur",
                "arrondi superieur",
                "arrondi au centime"
            ])),
        )
            .prop_map(|(names, negative, rate, rounding)| {
                let mut tokens = vec!["revalorise".to_string()];
                for (i, name) in names.into_iter().enumerate() {
                    if i > 0 {
                        tokens.push(",".into());
                    }
                    tokens.push(name);
                }
                tokens.push("de".into());
                if negative {
                    tokens.push("-".into());
                }
                tokens.push(format!("{},{} %", rate / 10, rate % 10));
                tokens.extend(rounding);
                tokens
            }),
    ]
    .boxed()
}

fn declaration() -> BoxedStrategy<Tokens> {
    prop_oneof![
        (ident(), label(), prop::collection::vec(item(), 0..6)).prop_map(|(name, label, items)| {
            join(vec![
                vec!["accord".into(), name],
                label,
                one("{"),
                join(items),
                one("}"),
            ])
        }),
        (
            ident(),
            label(),
            ident(),
            prop::collection::vec(prop_oneof![amendment_op(), item()], 0..4)
        )
            .prop_map(|(name, label, base, ops)| {
                join(vec![
                    vec!["avenant".into(), name],
                    label,
                    vec!["modifie".into(), base, "{".into()],
                    join(ops),
                    one("}"),
                ])
            }),
    ]
    .boxed()
}

/// What goes between two tokens: mostly a space, sometimes line ends, blank lines and comments
/// (at the end of a line or on their own).
fn separator() -> BoxedStrategy<String> {
    let comment = spelled(&[
        " note",
        "",
        " « guillemets » et # dièse",
        " espaces au bout   ",
        "#",
        " x = 1 ⇒ y",
        "\u{a0}insécable",
    ]);
    prop_oneof![
        12 => Just(" ".to_string()),
        3 => Just("\n  ".to_string()),
        1 => Just("\n\n".to_string()),
        1 => Just("\n\n\n    ".to_string()),
        1 => Just("   ".to_string()),
        1 => comment.clone().prop_map(|c| format!("  #{c}\n")),
        1 => comment.clone().prop_map(|c| format!("\n  #{c}\n")),
        1 => comment.prop_map(|c| format!("\n\n#{c}\n\n  ")),
    ]
    .boxed()
}

/// A whole valid source file.
pub(crate) fn source() -> BoxedStrategy<String> {
    let tokens = prop::collection::vec(declaration(), 1..3).prop_map(join);
    let end = spelled(&["", "\n", "\n# fin", "  # fin de fichier\n"]);
    (tokens, end)
        .prop_flat_map(|(tokens, end)| {
            let count = tokens.len();
            (
                Just(tokens),
                prop::collection::vec(separator(), count + 1),
                Just(end),
            )
        })
        .prop_map(|(tokens, separators, end)| {
            let mut out = String::new();
            for (index, (token, separator)) in tokens.iter().zip(&separators).enumerate() {
                out.push_str(if index == 0 {
                    separator.trim_start()
                } else {
                    separator
                });
                out.push_str(token);
            }
            out.push_str(&end);
            out
        })
        .boxed()
}
