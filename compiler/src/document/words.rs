//! French typography and phrasing for published documents: `50 000 €` with a narrow no-break
//! space between thousands, `75 %`, `20 juin 2019`, deadlines and payment rules in words.

use super::model::{Cell, Deadline, Fact, Provenance};
use crate::ir::{Change, DeadlineRule, Version};
use crate::value::{french_date, french_duration, french_money, french_number, Value};
use clause_grammar::ast::{DurationUnit, Event, PaymentKind};
use rust_decimal::Decimal;

/// The thousands separator of published documents (U+202F NARROW NO-BREAK SPACE).
pub const THOUSANDS: &str = "\u{202F}";
/// The space before a unit (`€`, `%`): no-break, so a figure never leaves its unit.
pub const BEFORE_UNIT: &str = "\u{A0}";

pub fn money(amount: Decimal) -> String {
    let text = french_money(amount, THOUSANDS);
    match text.strip_suffix(" €") {
        Some(number) => format!("{number}{BEFORE_UNIT}€"),
        None => text,
    }
}

pub fn number(value: Decimal) -> String {
    french_number(value, THOUSANDS)
}

/// A rate held as a fraction, printed as a percentage: `0.75` → `75 %`.
pub fn rate(fraction: Decimal) -> String {
    percent(fraction * Decimal::ONE_HUNDRED)
}

/// A percentage already multiplied by 100: `75` → `75 %`.
pub fn percent(value: Decimal) -> String {
    format!("{}{BEFORE_UNIT}%", number(value))
}

/// A value as a legal team reads it in a published table.
pub fn value(value: &Value) -> String {
    match value {
        Value::Money(d) => money(*d),
        Value::Count(d) | Value::Decimal(d) => number(*d),
        Value::Rate(d) => rate(*d),
        Value::Date(d) => french_date(*d),
        other => crate::value::display(other, &|_, v| format!("#{v}")),
    }
}

/// Source text of a formula typeset for print: `220 000 €` → `220 000 €` with a narrow no-break
/// space between thousands and a no-break space before `€` and `%`.
pub fn typeset(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && chars[i - 1].is_ascii_digit() {
            let next3 = chars
                .get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(char::is_ascii_digit));
            let boundary = chars.get(i + 4).is_none_or(|n| !n.is_ascii_digit());
            if next3 && boundary {
                out.push_str(THOUSANDS);
                continue;
            }
            if matches!(chars.get(i + 1), Some('€') | Some('%')) {
                out.push_str(BEFORE_UNIT);
                continue;
            }
        }
        out.push(c);
    }
    out
}

pub const HOLE: &str = "non précisé";

pub fn cell(cell: &Cell) -> String {
    match cell {
        Cell::Value(v) => value(v),
        Cell::Text(t) => t.clone(),
        Cell::Hole => HOLE.to_string(),
        Cell::DependsOnInputs => "selon le cas".to_string(),
        Cell::Invalid => "erreur".to_string(),
    }
}

/// An integer band as a range of the dimension: « moins de 40 000 », « de 40 000 à 79 999 »,
/// « 175 000 et plus ».
pub fn band_range(low: Decimal, high: Option<Decimal>) -> String {
    match high {
        None if low.is_zero() => "toutes valeurs".to_string(),
        None => format!("{} et plus", number(low)),
        Some(high) if low.is_zero() => format!("moins de {}", number(high + Decimal::ONE)),
        Some(high) if high == low => number(low),
        Some(high) => format!("de {} à {}", number(low), number(high)),
    }
}

/// A band's range with its unit: « moins de 40 000 habitants », « 175 000 habitants et plus ».
pub fn band_range_in(low: Decimal, high: Option<Decimal>, unit: &str) -> String {
    match high {
        None if !low.is_zero() => format!("{} {unit} et plus", number(low)),
        _ => format!("{} {unit}", band_range(low, high)),
    }
}

pub fn deadline(rule: Option<&DeadlineRule>) -> Deadline {
    match rule {
        None => Deadline {
            text: "—".to_string(),
            months: None,
            is_hole: false,
        },
        Some(DeadlineRule::Free) => Deadline {
            text: "libre".to_string(),
            months: None,
            is_hole: false,
        },
        Some(DeadlineRule::Unspecified) => Deadline {
            text: HOLE.to_string(),
            months: None,
            is_hole: true,
        },
        Some(DeadlineRule::After { delay, event }) => {
            let after = match event {
                Event::Signature => "après la signature",
                Event::MissionStart => "après le démarrage de la mission",
            };
            let months = match delay.unit {
                DurationUnit::Months => Some(delay.amount),
                DurationUnit::Years => Some(delay.amount * Decimal::from(12)),
                DurationUnit::Days => None,
            };
            Deadline {
                text: format!("au plus tard {} {after}", french_duration(delay)),
                months,
                is_hole: false,
            }
        }
    }
}

/// One payment rule as a clause of a sentence.
pub fn payment(kind: &PaymentKind) -> String {
    match kind {
        PaymentKind::AdvanceAtSignature(p) => {
            format!("avance de {} à la signature du contrat", percent(*p))
        }
        PaymentKind::AdvanceEachAnniversary(p) => format!(
            "avance de {} à chaque date anniversaire du contrat",
            percent(*p)
        ),
        PaymentKind::AdvanceAtStart {
            percent: p,
            prorated: true,
        } => {
            format!("avance de {} au démarrage de la mission, au prorata du temps restant jusqu'à la date anniversaire", percent(*p))
        }
        PaymentKind::AdvanceAtStart {
            percent: p,
            prorated: false,
        } => format!("avance de {} au démarrage de la mission", percent(*p)),
        PaymentKind::BalanceNextAnniversary => "solde à la date anniversaire suivante".to_string(),
        PaymentKind::VariableByAchievement => {
            "part variable selon l'atteinte des indicateurs".to_string()
        }
        PaymentKind::AtSignature => "versement à la signature du contrat".to_string(),
        PaymentKind::FirstYear => "versement la première année du contrat".to_string(),
        PaymentKind::FollowingYears => "versement chaque année suivante".to_string(),
        PaymentKind::EachCrisis => "versement à chaque crise déclarée".to_string(),
        PaymentKind::LetterOfIntent => {
            "versement à la validation de la lettre d'intention".to_string()
        }
        PaymentKind::EachYear => "versement chaque année".to_string(),
    }
}

/// The rules of one envelope as one sentence, first letter capitalised.
pub fn payments<'a>(kinds: impl IntoIterator<Item = &'a PaymentKind>) -> String {
    let parts: Vec<String> = kinds.into_iter().map(payment).collect();
    capitalise(&parts.join(", puis "))
}

/// When a non-yearly envelope is paid, for the column of its table.
pub fn timing<'a>(kinds: impl IntoIterator<Item = &'a PaymentKind>) -> String {
    let parts: Vec<&str> = kinds
        .into_iter()
        .map(|kind| match kind {
            PaymentKind::AtSignature | PaymentKind::AdvanceAtSignature(_) => "à la signature",
            PaymentKind::FirstYear => "la première année",
            PaymentKind::FollowingYears => "chaque année suivante",
            PaymentKind::EachCrisis => "à chaque crise déclarée",
            PaymentKind::LetterOfIntent => "à la validation de la lettre d'intention",
            PaymentKind::EachYear | PaymentKind::AdvanceEachAnniversary(_) => "chaque année",
            PaymentKind::AdvanceAtStart { .. } => "au démarrage de la mission",
            PaymentKind::BalanceNextAnniversary => "solde à l'anniversaire",
            PaymentKind::VariableByAchievement => "selon l'atteinte des indicateurs",
        })
        .collect();
    if parts.is_empty() {
        "non précisé".to_string()
    } else {
        parts.join(", ")
    }
}

pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// « ajouté par l'avenant `x` », « accord de base `y` »: who set an item of a consolidated version.
pub fn setter(provenance: &Provenance) -> Option<String> {
    let setter = provenance.setter.as_ref()?;
    Some(match (setter.change, setter.is_base) {
        // In words: the document's header names the amendment and its base by their titles.
        (Change::Added, _) => "ajouté par l’avenant".to_string(),
        (Change::Replaced, _) => "remplacé par l’avenant".to_string(),
        (Change::Original, true) => "accord de base".to_string(),
        (Change::Original, false) => "avenant".to_string(),
    })
}

/// Sources and setter on one line, for a table cell.
pub fn provenance(provenance: &Provenance) -> String {
    let mut parts: Vec<String> = provenance.sources.iter().map(|c| c.text.clone()).collect();
    if let Some(setter) = setter(provenance) {
        parts.push(setter);
    }
    parts.join(" ; ")
}

/// Hypothesis references: « H1, H3 ».
pub fn hypothesis_refs(numbers: &[usize]) -> String {
    numbers
        .iter()
        .map(|n| format!("H{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A line's rules in time, after its payment rule: the contracts it is reserved to, the date
/// of effect of the operation that wrote it (empty when it has neither).
pub fn line_in_time(value: &crate::ir::ValueItem) -> String {
    use crate::ir::Reservation;
    let mut out = String::new();
    for rule in &value.reserved {
        out.push_str(&match &rule.value {
            Reservation::SignedBefore(d) => {
                format!(
                    " ; réservé aux contrats signés avant le {}",
                    crate::value::french_date(*d)
                )
            }
            Reservation::SignedAfter(d) => {
                format!(
                    " ; réservé aux contrats signés après le {}",
                    crate::value::french_date(*d)
                )
            }
            Reservation::If(name) => {
                format!(" ; réservé si la condition `{}` est remplie", name.node)
            }
        });
    }
    if let Some(effect) = &value.effect {
        let prorated = if effect.prorated {
            ", l'année à cheval au prorata des jours"
        } else {
            ""
        };
        out.push_str(&format!(
            " ; à compter du {}{prorated}",
            crate::value::french_date(effect.date)
        ));
    }
    out
}

/// The version's date policy as a fact of its header, always stated, the default too (a reader
/// checks the dates by it); `declared`: where the version (or its base) declares it.
pub(super) fn date_policy(version: &Version, declared: Option<Provenance>) -> Fact {
    let statement = crate::calendar::policy_statement(version.date_policy());
    let (text, provenance) = match declared {
        Some(provenance) => (statement, provenance),
        None => (format!("{statement}, par défaut"), Provenance::default()),
    };
    Fact {
        key: "dates_ambigues",
        label: "Dates ambiguës",
        text,
        provenance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_figures_use_narrow_no_break_spaces() {
        assert_eq!(money(Decimal::from(50_000)), "50\u{202F}000\u{A0}€");
        assert_eq!(rate(Decimal::new(75, 2)), "75\u{A0}%");
        assert_eq!(
            money(Decimal::new(12_345_675, 1)),
            "1\u{202F}234\u{202F}567,50\u{A0}€"
        );
    }

    #[test]
    fn formulas_are_typeset_for_print() {
        assert_eq!(
            typeset("x entre 220 000 € et 1 450 000 €"),
            "x entre 220\u{202F}000\u{A0}€ et 1\u{202F}450\u{202F}000\u{A0}€"
        );
        assert_eq!(
            typeset("75 % × fonctionnement"),
            "75\u{A0}% × fonctionnement"
        );
        assert_eq!(typeset("taille 2 000"), "taille 2\u{202F}000");
        assert_eq!(typeset("f(2 1000)"), "f(2 1000)");
    }

    #[test]
    fn band_ranges_read_as_in_the_texts() {
        assert_eq!(
            band_range(Decimal::ZERO, Some(Decimal::from(39_999))),
            "moins de 40\u{202F}000"
        );
        assert_eq!(
            band_range(Decimal::from(40_000), Some(Decimal::from(79_999))),
            "de 40\u{202F}000 à 79\u{202F}999"
        );
        assert_eq!(
            band_range(Decimal::from(175_000), None),
            "175\u{202F}000 et plus"
        );
    }
}

use crate::value::MONTHS;

/// French typography on a published text: typographic apostrophes (l’ACI), a no-break space
/// before `:` and inside « », a narrow no-break space before `;`, `!` and `?`, and no-break
/// spaces inside dates (« 4 novembre 2020 » never breaks after « 4 »). Applied to text only
/// (see [`typeset_html`]), never to identifiers, which hold no such characters.
pub fn french_typography(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let previous = i.checked_sub(1).map(|p| chars[p]);
        match c {
            '\'' => out.push('’'),
            ' ' if next == Some(':') && chars.get(i + 2).is_none_or(|c| c.is_whitespace()) => {
                out.push('\u{A0}');
            }
            ' ' if matches!(next, Some(';' | '!' | '?' | '»')) => {
                out.push(if next == Some('»') {
                    '\u{A0}'
                } else {
                    '\u{202F}'
                });
            }
            ' ' if previous == Some('«') => out.push('\u{A0}'),
            ' ' if previous.is_some_and(|p| p.is_ascii_digit() || p == 'r')
                && starts_month(&chars[i + 1..])
                && (previous != Some('r') || i >= 2 && chars[i - 2] == 'e') =>
            {
                out.push('\u{A0}');
            }
            ' ' if starts_year(&chars[i + 1..]) && ends_month(&chars[..i]) => out.push('\u{A0}'),
            _ => out.push(c),
        }
    }
    out
}

fn starts_month(rest: &[char]) -> bool {
    let rest: String = rest.iter().take(10).collect();
    MONTHS.iter().any(|m| {
        rest.strip_prefix(m)
            .is_some_and(|after| after.chars().next().is_none_or(|c| !c.is_alphabetic()))
    })
}

fn ends_month(before: &[char]) -> bool {
    let before: String = before.iter().collect();
    MONTHS.iter().any(|m| before.ends_with(m))
}

fn starts_year(rest: &[char]) -> bool {
    rest.len() >= 4
        && rest[..4].iter().all(char::is_ascii_digit)
        && rest.get(4).is_none_or(|c| !c.is_ascii_digit())
}

/// The elements whose content is not prose: a stylesheet, a script (a typographic apostrophe
/// would end a string literal with a syntax error), code a reader copies as it is.
const VERBATIM_ELEMENTS: [&str; 4] = ["style", "script", "pre", "code"];

/// [`french_typography`] on the text of an HTML page: outside tags, and not inside the
/// [`VERBATIM_ELEMENTS`].
pub fn typeset_html(page: &str) -> String {
    let mut out = String::with_capacity(page.len() + 64);
    let mut rest = page;
    while let Some(open) = rest.find('<') {
        out.push_str(&french_typography(&rest[..open]));
        rest = &rest[open..];
        // Skip the tag, and a whole verbatim element.
        let end = match verbatim_element(rest) {
            Some(name) => {
                let closing = format!("</{name}>");
                rest.find(&closing).map(|e| e + closing.len())
            }
            None => rest.find('>').map(|e| e + 1),
        };
        let end = end.unwrap_or(rest.len());
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out.push_str(&french_typography(rest));
    out
}

/// The name of the verbatim element `tag` opens (`tag` starts with `<`), if it opens one.
fn verbatim_element(tag: &str) -> Option<&'static str> {
    VERBATIM_ELEMENTS.into_iter().find(|name| {
        tag[1..].starts_with(name)
            && tag[1 + name.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == '>' || c.is_ascii_whitespace())
    })
}

#[cfg(test)]
mod typography_tests {
    use super::*;

    #[test]
    fn apostrophes_spaces_and_dates_follow_french_rules() {
        assert_eq!(french_typography("l'ACI"), "l’ACI");
        assert_eq!(
            french_typography("statut : signé ; oui"),
            "statut\u{A0}: signé\u{202F}; oui"
        );
        assert_eq!(
            french_typography("« Prévention »"),
            "«\u{A0}Prévention\u{A0}»"
        );
        assert_eq!(
            french_typography("le 4 novembre 2020"),
            "le 4\u{A0}novembre\u{A0}2020"
        );
        assert_eq!(
            french_typography("1er janvier 2025"),
            "1er\u{A0}janvier\u{A0}2025"
        );
        // A colon inside a word or a time is not touched; nor the text of tags.
        assert_eq!(french_typography("a:b"), "a:b");
        assert_eq!(
            typeset_html("<p class='x'>l'ACI : <b>4 mai</b></p><style>a :b{}</style>"),
            "<p class='x'>l’ACI\u{A0}: <b>4\u{A0}mai</b></p><style>a :b{}</style>"
        );
        // A script, code and preformatted text stay as written: `'a' : b` is code.
        assert_eq!(
            typeset_html("<script type=\"module\">f('l' : 1)</script><code>l'a : b</code><pre>x ; y</pre><codex>l'a</codex>"),
            "<script type=\"module\">f('l' : 1)</script><code>l'a : b</code><pre>x ; y</pre><codex>l’a</codex>"
        );
    }
}
