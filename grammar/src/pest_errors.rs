//! Pest's errors in words a legal team reads: what was expected, what was found, a likely
//! misspelling (`mistakes.rs`).

use crate::rules::GrammarRule as Rule;
use crate::span::{FileId, Span};
use crate::syntax_error::{SyntaxError, SyntaxErrorKind};

/// Converts pest's error, naming what was expected in words a legal team reads.
/// `base` is where pest's input started in `text` (an incremental re-parse hands it a suffix).
pub(crate) fn from_pest(
    file: FileId,
    text: &str,
    base: usize,
    error: pest::error::Error<Rule>,
) -> SyntaxError {
    let start = (base + error_offset(&error)).min(text.len());
    if let Some((kind, span_start, span_end)) = lexical_cause(text, start) {
        return SyntaxError {
            kind,
            span: Span::new(file, span_start, span_end),
            suggestion: None,
        };
    }
    if let Some(mistake) = crate::mistakes::spelling(file, text, start) {
        return mistake;
    }
    let found = found_at(text, start);
    let end = start + found.as_ref().map_or(0, |f| f.len());
    let mut expected = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives
            .iter()
            .filter_map(|rule| friendly_name(*rule))
            .collect::<Vec<_>>(),
        pest::error::ErrorVariant::CustomError { message } => vec![message.clone()],
    };
    expected.sort();
    expected.dedup();
    // Where an item may start (`source` is accepted), the block may also close: pest names rules,
    // never the literal `}`, so say it here, first, as it is the usual cause (a brace left open).
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant {
        if positives.contains(&Rule::kw_source) || positives.contains(&Rule::source_attr) {
            expected.insert(0, "`}`".to_string());
        }
    }
    let suggestion = found
        .as_deref()
        .and_then(|found| crate::mistakes::word_suggestion(found, &expected));
    SyntaxError {
        kind: SyntaxErrorKind::Unexpected { expected, found },
        span: Span::new(file, start, end),
        suggestion,
    }
}

/// Where pest stopped, in its input.
pub(crate) fn error_offset(error: &pest::error::Error<Rule>) -> usize {
    match error.location {
        pest::error::InputLocation::Pos(pos) => pos,
        pest::error::InputLocation::Span((start, _)) => start,
    }
}

/// A lexical mistake that explains the error better than the grammar's expectations: a string
/// not closed on its line, or digits grouped otherwise than by three. Returns the kind and span.
fn lexical_cause(text: &str, offset: usize) -> Option<(SyntaxErrorKind, usize, usize)> {
    let rest = &text[offset..];
    let line_end = rest.find('\n').map_or(text.len(), |i| offset + i);
    if rest.starts_with('"') {
        let line = &text[offset + 1..line_end];
        let mut escaped = false;
        let closed = line.chars().any(|c| {
            let quote = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            quote
        });
        if !closed {
            return Some((
                SyntaxErrorKind::UnterminatedString,
                offset,
                text[..line_end].trim_end().len().max(offset + 1),
            ));
        }
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let before = text[..offset].trim_end_matches([' ', '\u{A0}', '\u{202F}']);
    if digits > 0 && before.len() < offset && before.ends_with(|c: char| c.is_ascii_digit()) {
        let number_start = before
            .trim_end_matches(|c: char| {
                c.is_ascii_digit() || c == ' ' || c == '\u{A0}' || c == '\u{202F}'
            })
            .len();
        let number_start =
            number_start + text[number_start..].len() - text[number_start..].trim_start().len();
        let end = offset + digits;
        return Some((
            SyntaxErrorKind::DigitGrouping {
                text: text[number_start..end].to_string(),
            },
            number_start,
            end,
        ));
    }
    None
}

/// The token that starts at `offset`: a word, or one character; `None` at the end of the text.
fn found_at(text: &str, offset: usize) -> Option<String> {
    let rest = &text[offset..];
    let first = rest.chars().next()?;
    if first.is_alphanumeric() || first == '_' {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        Some(word)
    } else {
        Some(first.to_string())
    }
}

/// A rule's name as a user would say it, or `None` for rules that only structure the grammar.
fn friendly_name(rule: Rule) -> Option<String> {
    let name = format!("{rule:?}");
    if let Some(keyword) = name.strip_prefix("kw_") {
        return Some(format!("`{}`", keyword_spelling(keyword)));
    }
    let words = match rule {
        Rule::EOI => "la fin du fichier",
        Rule::ident => "un identifiant",
        Rule::string => "un texte entre guillemets",
        Rule::number | Rule::int_part => "un nombre",
        Rule::date => "une date (AAAA-MM-JJ)",
        Rule::expr | Rule::arith => "une expression",
        Rule::table | Rule::positional => "un tableau `[…]`",
        Rule::named_table => "un tableau `{ tranche: … }`",
        Rule::band_range => "un intervalle (`moins de`, `de … à …`, `plus de`…)",
        Rule::duration => "une durée (`6 mois`, `5 ans`)",
        Rule::percent => "un pourcentage (`75 %`)",
        Rule::payment_rule => "une règle de versement",
        Rule::status => "un statut (`projet`, `proposé`, `signé`)",
        Rule::type_expr | Rule::scalar_type => "un type",
        Rule::deadline => "une échéance (`libre` ou `au plus tard …`)",
        Rule::event => "`signature` ou `démarrage`",
        Rule::mission_kind => "`socle` ou `optionnelle`",
        Rule::item_kind => "un genre d'élément (`enveloppe`, `mission`…)",
        Rule::amendment_op => "`ajoute`, `remplace`, `retire` ou `revalorise`",
        Rule::binding => "une affectation `nom = valeur`",
        Rule::outcome => "le résultat attendu",
        Rule::unit | Rule::euro => "une unité (`€`, `%`, `mois`…)",
        Rule::eq => "`=`",
        Rule::agreement => "`accord`",
        Rule::amendment => "`avenant`",
        Rule::status_item => "`statut`",
        Rule::signed_on => "`signé le`",
        Rule::published_on => "`publié le`",
        Rule::proposed_on => "`proposé le`",
        Rule::in_force_on => "`en vigueur le`",
        Rule::contract_duration => "`durée du contrat`",
        Rule::applicable_before => "`applicable aux contrats signés avant le`",
        Rule::date_policy_item => "`dates ambiguës :`",
        Rule::date_policy => "`fin de mois`, `début du mois suivant` ou `erreur`",
        Rule::source_attr => "`source`",
        Rule::reference_def => "`référence`",
        Rule::citation => "une référence citée",
        Rule::locator | Rule::locator_kind => {
            "un emplacement (`article`, `page`, `diapositive`, `section`…)"
        }
        Rule::locator_part => "un numéro (`9`, `9.1`, `II`)",
        Rule::connector => "`et` ou `à`",
        Rule::reference_issuer => "`émetteur`",
        Rule::reference_date => "`date`",
        Rule::reference_url => "`adresse`",
        Rule::reference_file => "`fichier`",
        Rule::hypothesis_attr => "`hypothèse`",
        Rule::enum_def => "`énumération`",
        Rule::input_def => "`entrée`",
        Rule::band_set => "`tranches`",
        Rule::band => "une tranche",
        Rule::envelope_def => "`enveloppe`",
        Rule::value_def => "`valeur`",
        Rule::result_def => "`résultat`",
        Rule::mission => "`mission`",
        Rule::condition => "`condition`",
        Rule::assertion => "`vérifier`",
        Rule::example => "`exemple`",
        Rule::expected => "`attendu`",
        Rule::fixed_share => "`part fixe`",
        Rule::payment => "`versement`",
        Rule::start_deadline => "`démarrage`",
        Rule::effective_deadline => "`déploiement`",
        Rule::indicator => "`indicateur`",
        Rule::no_indicator => "`sans indicateur`",
        Rule::op_add => "`ajoute`",
        Rule::op_replace => "`remplace`",
        Rule::op_remove => "`retire`",
        Rule::op_revalue => "`revalorise`",
        Rule::op_replace_amount => "`remplace montant`",
        Rule::base_value => "une valeur de la base (`nom de la base`)",
        Rule::table_entry => "une valeur",
        Rule::named_entry => "une entrée `tranche: valeur`",
        Rule::enum_variant => "une valeur d'énumération",
        Rule::between => "`entre`",
        Rule::or
        | Rule::and
        | Rule::le
        | Rule::ge
        | Rule::ne
        | Rule::lt
        | Rule::gt
        | Rule::contains => "un opérateur",
        Rule::add | Rule::sub | Rule::mul | Rule::div => "un opérateur",
        Rule::neg | Rule::not => "un opérateur",
        Rule::paren => "`(`",
        Rule::call | Rule::function => "une fonction",
        Rule::quantity => "un nombre",
        Rule::date_lit => "une date",
        Rule::set_lit => "un ensemble `{…}`",
        Rule::table_lit => "un tableau `[…]`",
        Rule::boolean => "`vrai` ou `faux`",
        Rule::conditional => "`si`",
        Rule::hole => "`non précisé`",
        _ => return None,
    };
    Some(words.to_string())
}

/// The accented spelling of a keyword rule's name (`kw_entree` → `entrée`).
fn keyword_spelling(name: &str) -> &str {
    match name {
        "signe_st" => "signé",
        "propose" => "proposé",
        "publie" => "publié",
        "duree" => "durée",
        "signes" => "signés",
        "hypothese" => "hypothèse",
        "reference" => "référence",
        "emetteur" => "émetteur",
        "enumeration" => "énumération",
        "entree" => "entrée",
        "decimal" => "décimal",
        "booleen" => "booléen",
        "a" => "à",
        "a_partir" => "à partir",
        "a_compter" => "à compter",
        "reserve" => "réservé",
        "jusqu_a" => "jusqu'à",
        "dates_ambigues" => "dates ambiguës",
        "debut" => "début",
        "resultat" => "résultat",
        "precise" => "précisé",
        "a_la" => "à la",
        "a_chaque" => "à chaque",
        "a_l_anniversaire" => "à l'anniversaire",
        "demarrage" => "démarrage",
        "premiere" => "première",
        "annee" => "année",
        "declaree" => "déclarée",
        "d_intention" => "d'intention",
        "deploiement" => "déploiement",
        "apres" => "après",
        "verifier" => "vérifier",
        "eligible" => "éligible",
        "inferieur" => "inférieur",
        "superieur" => "supérieur",
        "euros" => "euros",
        "ans" => "ans",
        other => other,
    }
}
