//! Generates valid Clause sources for the property tests: every construct, ASCII and accented
//! spellings, odd spacing and comments between any two tokens.

use proptest::prelude::*;
use proptest::sample::select;

mod declarations;

pub(crate) use declarations::source;

type Tokens = Vec<String>;

fn one(token: &str) -> Tokens {
    vec![token.to_string()]
}

fn join(parts: Vec<Tokens>) -> Tokens {
    parts.into_iter().flatten().collect()
}

/// One of several spellings of the same keyword.
fn spelled(spellings: &'static [&'static str]) -> BoxedStrategy<String> {
    select(spellings).prop_map(str::to_string).boxed()
}

fn ident() -> BoxedStrategy<String> {
    spelled(&[
        "habitants",
        "taille",
        "montant_total",
        "x",
        "y2",
        "été",
        "part_a",
        "_interne",
    ])
}

fn string_literal() -> BoxedStrategy<String> {
    spelled(&[
        r#""Taille 1""#,
        r#""""#,
        r#""guillemets \"dedans\"""#,
        r#""barre \\ oblique""#,
        r#""ligne\nsuivante""#,
        r##""# pas un commentaire""##,
        r#""Accès aux soins (médecin traitant et soins non programmés), une étiquette assez longue pour dépasser""#,
    ])
}

fn number() -> BoxedStrategy<String> {
    let digits = prop_oneof![0u64..100, 100u64..10_000, 10_000u64..100_000_000];
    let separator = spelled(&["", " ", "\u{a0}", "\u{202f}"]);
    let fraction = spelled(&["", "", ",5", ",50", ",125", ",0"]);
    (digits, separator, fraction)
        .prop_map(|(value, separator, fraction)| {
            let plain = value.to_string();
            let mut grouped = String::new();
            let first = plain.len() % 3;
            for (index, digit) in plain.chars().enumerate() {
                if index > 0 && (index + 3 - first) % 3 == 0 {
                    grouped.push_str(&separator);
                }
                grouped.push(digit);
            }
            format!("{grouped}{fraction}")
        })
        .boxed()
}

fn date() -> BoxedStrategy<String> {
    spelled(&["2019-06-20", "2024-02-29", "2000-01-01"])
}

fn duration() -> BoxedStrategy<Tokens> {
    (
        number(),
        spelled(&["mois", "ans", "an", "années", "annee", "jours", "jour"]),
    )
        .prop_map(|(n, unit)| vec![n, unit])
        .boxed()
}

fn leaf() -> BoxedStrategy<Tokens> {
    prop_oneof![
        number().prop_map(|n| vec![n]),
        (number(), spelled(&["€", "euros", "euro", "%"])).prop_map(|(n, unit)| vec![n, unit]),
        duration(),
        date().prop_map(|d| vec![d]),
        string_literal().prop_map(|s| vec![s]),
        spelled(&["vrai", "faux"]).prop_map(|b| vec![b]),
        ident().prop_map(|i| vec![i]),
        ident().prop_map(|i| vec![i]),
        ident().prop_map(|i| vec![i, "de".into(), "la".into(), "base".into()]),
        prop::collection::vec(ident(), 0..3).prop_map(|names| {
            let mut tokens = one("{");
            for (index, name) in names.into_iter().enumerate() {
                if index > 0 {
                    tokens.push(",".into());
                }
                tokens.push(name);
            }
            tokens.push("}".into());
            tokens
        }),
    ]
    .boxed()
}

fn binary_operator() -> BoxedStrategy<String> {
    spelled(&[
        "+", "-", "×", "*", "/", "=", "≠", "!=", "<", "≤", "<=", ">", "≥", ">=", "et", "ou",
        "contient",
    ])
}

fn arith_operator() -> BoxedStrategy<String> {
    spelled(&["+", "-", "×", "*", "/"])
}

fn function() -> BoxedStrategy<Tokens> {
    spelled(&[
        "min",
        "max",
        "arrondi",
        "arrondi inférieur",
        "arrondi inferieur",
        "arrondi supérieur",
        "arrondi au centime",
    ])
    .prop_map(|f| f.split(' ').map(str::to_string).collect())
    .boxed()
}

fn comma_separated(items: Vec<Tokens>, trailing_comma: bool) -> Tokens {
    let mut tokens = Vec::new();
    let count = items.len();
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            tokens.push(",".into());
        }
        tokens.extend(item);
    }
    if trailing_comma && count > 0 {
        tokens.push(",".into());
    }
    tokens
}

pub(crate) fn expr() -> BoxedStrategy<Tokens> {
    leaf()
        .prop_recursive(3, 24, 4, |inner| {
            let arith = (inner.clone(), prop::collection::vec((arith_operator(), inner.clone()), 0..2)).prop_map(
                |(first, rest)| {
                    // Bounds of `entre` are arithmetic: anything else goes in parentheses.
                    let mut tokens = join(vec![one("("), first, one(")")]);
                    for (op, operand) in rest {
                        tokens.push(op);
                        tokens.extend(join(vec![one("("), operand, one(")")]));
                    }
                    tokens
                },
            );
            prop_oneof![
                3 => (inner.clone(), binary_operator(), inner.clone()).prop_map(|(l, op, r)| join(vec![l, vec![op], r])),
                1 => inner.clone().prop_map(|e| join(vec![one("("), e, one(")")])),
                1 => inner.clone().prop_map(|e| join(vec![one("-"), e])),
                1 => inner.clone().prop_map(|e| join(vec![one("non"), e])),
                1 => (inner.clone(), inner.clone(), inner.clone())
                    .prop_map(|(c, a, b)| join(vec![one("si"), c, one("alors"), a, one("sinon"), b])),
                1 => (function(), prop::collection::vec(inner.clone(), 0..3))
                    .prop_map(|(f, args)| join(vec![f, one("("), comma_separated(args, false), one(")")])),
                1 => (inner.clone(), arith.clone(), arith)
                    .prop_map(|(v, low, high)| join(vec![v, one("entre"), low, one("et"), high])),
                1 => (prop::collection::vec(inner, 0..4), any::<bool>())
                    .prop_map(|(entries, comma)| join(vec![one("["), comma_separated(entries, comma), one("]")])),
            ]
        })
        .boxed()
}

fn optional(strategy: BoxedStrategy<Tokens>) -> BoxedStrategy<Tokens> {
    prop::option::of(strategy)
        .prop_map(Option::unwrap_or_default)
        .boxed()
}

fn label() -> BoxedStrategy<Tokens> {
    optional(string_literal().prop_map(|s| vec![s]).boxed())
}

fn attribute() -> BoxedStrategy<Tokens> {
    let text = (
        spelled(&["source", "hypothèse", "hypothese"]),
        string_literal(),
    )
        .prop_map(|(k, s)| vec![k, s]);
    prop_oneof![3 => text, 1 => citation()].boxed()
}

/// `source référence, diapositives 7 et 8 "précision"` (the reference need not exist: the
/// formatter's properties only need a valid syntax).
fn citation() -> BoxedStrategy<Tokens> {
    let kind = spelled(&[
        "article",
        "pages",
        "diapositive",
        "section",
        "annexes",
        "paragraphe",
    ]);
    let part = prop_oneof![
        spelled(&["9", "9.1", "II", "L.162-14-1", "3"]),
        string_literal()
    ];
    let more = prop::collection::vec((spelled(&["et", "à", "a"]), part.clone()), 0..2);
    let locator = prop::option::of((kind, part, more));
    (ident(), locator, prop::option::of(string_literal()))
        .prop_map(|(name, locator, note)| {
            let mut tokens = vec!["source".to_string(), name];
            if let Some((kind, first, more)) = locator {
                tokens.extend([",".to_string(), kind, first]);
                for (connector, part) in more {
                    tokens.extend([connector, part]);
                }
            }
            tokens.extend(note);
            tokens
        })
        .boxed()
}

/// `référence nom "Titre" { émetteur "…" date … fichier "…" }`, each field optional.
fn reference_def() -> BoxedStrategy<Tokens> {
    let issuer = prop::option::of(string_literal().prop_map(|s| vec!["émetteur".into(), s]));
    let when = prop::option::of(date().prop_map(|d| vec!["date".into(), d]));
    let place = prop::option::of(
        (spelled(&["adresse", "fichier"]), string_literal()).prop_map(|(k, s)| vec![k, s]),
    );
    (
        spelled(&["référence", "reference"]),
        ident(),
        string_literal(),
        issuer,
        when,
        place,
    )
        .prop_map(|(keyword, name, title, issuer, when, place)| {
            let fields = [issuer, when, place].into_iter().flatten().collect();
            join(vec![
                vec![keyword, name, title, "{".into()],
                join(fields),
                vec!["}".into()],
            ])
        })
        .boxed()
}

fn attributes() -> BoxedStrategy<Tokens> {
    prop::collection::vec(attribute(), 0..3)
        .prop_map(join)
        .boxed()
}

fn header_item() -> BoxedStrategy<Tokens> {
    prop_oneof![
        spelled(&["signé", "signe", "proposé", "propose", "projet"])
            .prop_map(|s| vec!["statut".into(), s]),
        (spelled(&["signé", "signe"]), date()).prop_map(|(k, d)| vec![k, "le".into(), d]),
        (spelled(&["publié", "publie"]), date()).prop_map(|(k, d)| vec![k, "le".into(), d]),
        (spelled(&["proposé", "propose"]), date()).prop_map(|(k, d)| vec![k, "le".into(), d]),
        date().prop_map(|d| vec!["en".into(), "vigueur".into(), "le".into(), d]),
        (spelled(&["durée", "duree"]), duration())
            .prop_map(|(k, d)| join(vec![vec![k, "du".into(), "contrat".into()], d])),
        (spelled(&["signés", "signes"]), date()).prop_map(|(k, d)| {
            join(vec![vec![
                "applicable".into(),
                "aux".into(),
                "contrats".into(),
                k,
                "avant".into(),
                "le".into(),
                d,
            ]])
        }),
        (
            // One token: the grammar reads `dates ambiguës` as one word, spaces or tabs inside.
            spelled(&["dates ambiguës", "dates ambigües", "dates ambigues"]),
            prop_oneof![
                Just(vec!["fin".to_string(), "de".into(), "mois".into()]),
                spelled(&["début", "debut"]).prop_map(|d| vec![
                    d,
                    "du".into(),
                    "mois".into(),
                    "suivant".into()
                ]),
                Just(vec!["erreur".to_string()]),
            ]
        )
            .prop_map(|(k, policy)| join(vec![vec![k, ":".into()], policy])),
        string_literal().prop_map(|s| vec!["source".into(), s]),
        citation(),
        reference_def(),
    ]
    .boxed()
}

fn enum_def() -> BoxedStrategy<Tokens> {
    let variant = (ident(), label()).prop_map(|(name, label)| join(vec![vec![name], label]));
    (
        spelled(&["énumération", "enumeration"]),
        ident(),
        label(),
        prop::collection::vec(variant, 1..4),
        any::<bool>(),
    )
        .prop_map(|(k, name, label, variants, comma)| {
            join(vec![
                vec![k, name],
                label,
                one("{"),
                comma_separated(variants, comma),
                one("}"),
            ])
        })
        .boxed()
}

fn type_expr() -> BoxedStrategy<Tokens> {
    prop_oneof![
        spelled(&[
            "nombre", "montant", "taux", "décimal", "decimal", "durée", "duree", "date", "booléen",
            "booleen", "texte"
        ])
        .prop_map(|t| vec![t]),
        ident().prop_map(|t| vec![t]),
        ident().prop_map(|t| vec!["ensemble".into(), "de".into(), t]),
    ]
    .boxed()
}

fn input_def() -> BoxedStrategy<Tokens> {
    (
        spelled(&["entrée", "entree"]),
        ident(),
        label(),
        type_expr(),
        attributes(),
    )
        .prop_map(|(k, name, label, ty, attrs)| {
            join(vec![vec![k, name], label, one(":"), ty, attrs])
        })
        .boxed()
}

/// A band bound: a number, maybe negative, maybe in percent (`-5 %`, `- 2,5`), now and then
/// with the hypothesis that decides who owns it (`175 000 (hypothèse "…")`).
fn bound() -> BoxedStrategy<Tokens> {
    let hypothesis = proptest::option::weighted(0.1, spelled(&["hypothèse", "hypothese"]));
    (
        spelled(&["", "-", "- "]),
        number(),
        spelled(&["", "%", "€", "euros"]),
        hypothesis,
    )
        .prop_map(|(sign, n, pct, hypothesis)| {
            let mut tokens = vec![format!("{sign}{n}")];
            if !pct.is_empty() {
                tokens.push(pct);
            }
            if let Some(keyword) = hypothesis {
                tokens.extend(["(".into(), keyword, "\"à qui le seuil\"".into(), ")".into()]);
            }
            tokens
        })
        .boxed()
}

fn band_range() -> BoxedStrategy<Tokens> {
    let a = spelled(&["à", "a"]);
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Tokens>();
    prop_oneof![
        bound().prop_map(move |n| join(vec![words(&["moins", "de"]), n])),
        (spelled(&["jusqu'à", "jusqu'a", "jusqu’à"]), bound())
            .prop_map(|(k, n)| join(vec![vec![k], n])),
        (bound(), a.clone(), bound()).prop_map(move |(x, a, y)| join(vec![
            words(&["de"]),
            x,
            vec![a, "moins".into(), "de".into()],
            y
        ])),
        (bound(), a.clone(), bound()).prop_map(move |(x, a, y)| join(vec![
            words(&["de"]),
            x,
            vec![a],
            y
        ])),
        (bound(), a.clone(), bound()).prop_map(move |(x, a, y)| join(vec![
            words(&["de", "plus", "de"]),
            x,
            vec![a, "moins".into(), "de".into()],
            y
        ])),
        (bound(), a, bound()).prop_map(move |(x, a, y)| join(vec![
            words(&["de", "plus", "de"]),
            x,
            vec![a],
            y
        ])),
        (spelled(&["à partir", "a partir", "à  partir"]), bound())
            .prop_map(|(k, n)| join(vec![vec![k, "de".into()], n])),
        bound().prop_map(move |n| join(vec![words(&["plus", "de"]), n])),
    ]
    .boxed()
}

fn band_set() -> BoxedStrategy<Tokens> {
    let band =
        (ident(), label(), band_range(), attributes()).prop_map(|(name, label, range, attrs)| {
            join(vec![vec![name], label, one(":"), range, attrs])
        });
    let domain = proptest::option::weighted(0.3, band_range());
    (ident(), ident(), domain, prop::collection::vec(band, 0..4))
        .prop_map(|(name, dimension, domain, bands)| {
            let domain = domain.map_or(Vec::new(), |d| join(vec![one(","), d]));
            join(vec![
                vec!["tranches".into(), name, "selon".into(), dimension],
                domain,
                one("{"),
                join(bands),
                one("}"),
            ])
        })
        .boxed()
}

fn table_entry() -> BoxedStrategy<Tokens> {
    prop_oneof![
        4 => expr(),
        1 => spelled(&["précisé", "precise"]).prop_map(|p| vec!["non".into(), p]),
    ]
    .boxed()
}

fn table() -> BoxedStrategy<Tokens> {
    let named_entry = (ident(), table_entry())
        .prop_map(|(name, value)| join(vec![vec![name, ":".into()], value]));
    prop_oneof![
        (prop::collection::vec(table_entry(), 0..5), any::<bool>()).prop_map(|(entries, comma)| {
            join(vec![one("["), comma_separated(entries, comma), one("]")])
        }),
        (prop::collection::vec(named_entry, 0..4), any::<bool>()).prop_map(
            |(entries, comma)| join(vec![one("{"), comma_separated(entries, comma), one("}")])
        ),
    ]
    .boxed()
}

fn payment_rule() -> BoxedStrategy<Tokens> {
    let a_la = spelled(&["à la", "a la"]);
    let a_chaque = spelled(&["à chaque", "a chaque"]);
    prop_oneof![
        (number(), a_la.clone()).prop_map(|(n, k)| vec![
            "avance".into(),
            n,
            "%".into(),
            k,
            "signature".into()
        ]),
        (number(), a_chaque.clone()).prop_map(|(n, k)| vec![
            "avance".into(),
            n,
            "%".into(),
            k,
            "anniversaire".into()
        ]),
        (
            number(),
            spelled(&["démarrage", "demarrage"]),
            any::<bool>()
        )
            .prop_map(|(n, k, prorated)| {
                let mut tokens = vec!["avance".into(), n, "%".into(), "au".into(), k];
                if prorated {
                    tokens.extend(["au".to_string(), "prorata".to_string()]);
                }
                tokens
            }),
        spelled(&["à l'anniversaire", "a l'anniversaire", "à l’anniversaire"]).prop_map(|k| vec![
            "solde".into(),
            k,
            "suivant".into()
        ]),
        Just(vec!["variable".into(), "selon".into(), "atteinte".into()]),
        a_la.clone().prop_map(|k| vec![k, "signature".into()]),
        (
            spelled(&["première", "premiere"]),
            spelled(&["année", "annee"])
        )
            .prop_map(|(p, a)| vec!["la".into(), p, a]),
        Just(vec!["chaque".into(), "année".into(), "suivante".into()]),
        (a_chaque, spelled(&["déclarée", "declaree"])).prop_map(|(k, d)| vec![
            k,
            "crise".into(),
            d
        ]),
        (a_la, spelled(&["d'intention", "d’intention"])).prop_map(|(k, d)| {
            vec![
                k,
                "validation".into(),
                "de".into(),
                "la".into(),
                "lettre".into(),
                d,
            ]
        }),
        Just(vec!["chaque".into(), "annee".into()]),
    ]
    .boxed()
}

fn payment() -> BoxedStrategy<Tokens> {
    prop::collection::vec((payment_rule(), any::<bool>()), 1..4)
        .prop_map(|rules| {
            let mut tokens = one("versement");
            for (index, (rule, then)) in rules.into_iter().enumerate() {
                if index > 0 {
                    tokens.push(",".into());
                    if then {
                        tokens.push("puis".into());
                    }
                }
                tokens.extend(rule);
            }
            tokens
        })
        .boxed()
}

/// At most one `attendu` and one `part fixe` (the tree keeps only one), in any order among
/// `versement` lines and attributes.
fn value_attributes() -> BoxedStrategy<Tokens> {
    let expected = prop::option::of(table().prop_map(|t| join(vec![one("attendu"), t])));
    let fixed_share = prop::option::of(
        (expr(), optional(attribute_named("hypothèse")))
            .prop_map(|(e, h)| join(vec![vec!["part".into(), "fixe".into()], e, h])),
    );
    (
        expected,
        fixed_share,
        prop::collection::vec(payment(), 0..3),
        prop::collection::vec(attribute(), 0..3),
    )
        .prop_flat_map(|(expected, fixed_share, payments, attributes)| {
            let mut lines: Vec<Tokens> = expected.into_iter().chain(fixed_share).collect();
            lines.extend(payments);
            lines.extend(attributes);
            Just(lines).prop_shuffle()
        })
        .prop_map(join)
        .boxed()
}

fn attribute_named(keyword: &'static str) -> BoxedStrategy<Tokens> {
    string_literal()
        .prop_map(move |s| vec![keyword.to_string(), s])
        .boxed()
}

fn definition() -> BoxedStrategy<Tokens> {
    prop_oneof![
        (ident(), table()).prop_map(|(band_set, t)| join(vec![vec!["par".into(), band_set], t])),
        expr().prop_map(|e| join(vec![one("="), e])),
        grid(),
        rule_table(),
    ]
    .boxed()
}

/// `par A et B { key : table … }`, rows separated by a comma or not.
fn grid() -> BoxedStrategy<Tokens> {
    let row = (ident(), table(), spelled(&["", ","])).prop_map(|(key, t, comma)| {
        let mut tokens = join(vec![vec![key, ":".into()], t]);
        if !comma.is_empty() {
            tokens.push(comma);
        }
        tokens
    });
    (ident(), ident(), prop::collection::vec(row, 0..4))
        .prop_map(|(rows, columns, entries)| {
            join(vec![
                vec!["par".into(), rows, "et".into(), columns, "{".into()],
                join(entries),
                one("}"),
            ])
        })
        .boxed()
}

/// `selon A et B { RANGE, RANGE : value … }`.
fn rule_table() -> BoxedStrategy<Tokens> {
    let value = prop_oneof![expr(), Just(vec!["non".to_string(), "précisé".to_string()])];
    let rule = (band_range(), band_range(), value)
        .prop_map(|(x, y, v)| join(vec![x, one(","), y, one(":"), v]));
    (ident(), ident(), prop::collection::vec(rule, 0..4))
        .prop_map(|(a, b, rules)| {
            join(vec![
                vec!["selon".into(), a, "et".into(), b, "{".into()],
                join(rules),
                one("}"),
            ])
        })
        .boxed()
}

fn value_def(envelope_only: bool) -> BoxedStrategy<Tokens> {
    let keyword = if envelope_only {
        spelled(&["enveloppe"])
    } else {
        spelled(&["enveloppe", "valeur", "résultat", "resultat"])
    };
    (
        keyword,
        prop::option::of(ident()),
        label(),
        definition(),
        value_attributes(),
    )
        .prop_map(|(k, name, label, definition, attrs)| {
            // Only an envelope may go without a name.
            let name = match name {
                Some(name) => vec![name],
                None if k == "enveloppe" => vec![],
                None => vec!["sans_nom".to_string()],
            };
            join(vec![vec![k], name, label, definition, attrs])
        })
        .boxed()
}

fn deadline() -> BoxedStrategy<Tokens> {
    prop_oneof![
        Just(one("libre")),
        spelled(&["précisé", "precise"]).prop_map(|p| vec!["non".into(), p]),
        (
            duration(),
            spelled(&["après", "apres"]),
            spelled(&["signature", "démarrage", "demarrage"])
        )
            .prop_map(|(d, a, e)| join(vec![
                vec!["au".into(), "plus".into(), "tard".into()],
                d,
                vec![a, e]
            ])),
    ]
    .boxed()
}
