//! Turns the parser's errors into diagnostics (E00), says what a syntax error costs
//! (`cascade`) and lints amounts written the English way (`amounts`, W0008).

pub(crate) mod amounts;
pub(crate) mod cascade;

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit};
use clause_grammar::{SyntaxError, SyntaxErrorKind};

pub fn syntax_diagnostic(error: &SyntaxError) -> Diagnostic {
    let diagnostic = described(error);
    // The parser proved the suggestion right (the entry parses with it): offer it as a fix.
    match &error.suggestion {
        Some(s) if s.proven && diagnostic.fix.is_none() => {
            let edits = vec![Edit {
                span: error.span,
                replacement: s.replacement.clone(),
            }];
            let title = match error.kind {
                SyntaxErrorKind::Semicolon => {
                    "remplacer les points-virgules par des virgules".to_string()
                }
                _ => format!("écrire `{}`", s.replacement),
            };
            diagnostic.with_fix(title, edits)
        }
        _ => diagnostic,
    }
}

fn described(error: &SyntaxError) -> Diagnostic {
    match &error.kind {
        SyntaxErrorKind::Unexpected { expected, found } => unexpected(error, expected, found.as_deref()),
        SyntaxErrorKind::TooDeep { limit } => Diagnostic::new(Code::TooDeep, format!("imbrication trop profonde (limite : {limit} niveaux, 512 opérateurs)"), error.span, "trop profond")
            .with_help("découpez l'expression en valeurs nommées (`valeur …`)"),
        SyntaxErrorKind::FileTooLarge { size, limit } => Diagnostic::new(Code::FileTooLarge, format!("fichier trop volumineux : {size} octets (limite : {limit})"), error.span, "fichier trop volumineux"),
        SyntaxErrorKind::NumberTooLong { limit } => Diagnostic::new(Code::InvalidNumber, format!("nombre trop long : plus de {limit} chiffres"), error.span, "trop de chiffres")
            .with_help("les montants sont des décimaux exacts : 20 chiffres au plus"),
        SyntaxErrorKind::InvalidNumber { text } => Diagnostic::new(Code::InvalidNumber, format!("nombre invalide `{text}`"), error.span, "nombre invalide"),
        SyntaxErrorKind::InvalidDate { text } => Diagnostic::new(Code::InvalidDate, format!("la date `{text}` n'existe pas"), error.span, "date inexistante")
            .with_help("une date s'écrit AAAA-MM-JJ et doit exister dans le calendrier"),
        SyntaxErrorKind::UnterminatedString => Diagnostic::new(Code::Syntax, "texte entre guillemets non fermé", error.span, "le guillemet fermant manque sur cette ligne")
            .with_help("fermez le texte par `\"` avant la fin de la ligne"),
        SyntaxErrorKind::DigitGrouping { text } => Diagnostic::new(Code::Syntax, format!("chiffres mal groupés dans `{text}`"), error.span, "groupes de trois chiffres attendus")
            .with_help(format!("les chiffres se groupent par trois à partir de la droite : `{}`, ou s'écrivent sans espace : `{}` ; vérifiez aussi qu'aucun chiffre ne manque", grouped(text), text.replace([' ', '\u{A0}', '\u{202F}'], ""))),
        SyntaxErrorKind::RepeatedAttribute { attribute, first } => Diagnostic::new(Code::RepeatedAttribute, format!("`{attribute}` est donné deux fois pour la même valeur"), error.span, "deuxième fois")
            .with_secondary(*first, "première fois")
            .with_help("gardez une seule ligne : la deuxième serait ignorée")
            .with_fix("supprimer la répétition", vec![Edit { span: error.span, replacement: String::new() }]),
        SyntaxErrorKind::DecimalPoint { right, .. } => Diagnostic::new(Code::Syntax, format!("le séparateur décimal est la virgule : `{right}`"), error.span, "point décimal")
            .with_help(format!("écrivez `{right}` : en français, le point ne sépare pas les décimales")),
        SyntaxErrorKind::ThousandsPoint { text, right } => Diagnostic::new(Code::Syntax, format!("les milliers s'écrivent avec une espace : `{right}`"), error.span, "point entre les milliers")
            .with_help(format!("écrivez `{right}` (ou `{}`) ; un point suivi de trois chiffres est lu comme un séparateur de milliers : si `{text}` a des décimales, écrivez-les après une virgule", right.replace(' ', ""))),
        SyntaxErrorKind::Currency { text, right } => Diagnostic::new(Code::Syntax, format!("l'euro s'écrit `€` : `{right}`"), error.span, "devise")
            .with_help(format!("écrivez `€` après le montant, à la place de `{text}`")),
        SyntaxErrorKind::Arrow { text } => Diagnostic::new(Code::Syntax, format!("la flèche d'un exemple s'écrit `⇒` (ou `=>`), pas `{text}`"), error.span, "flèche")
            .with_help("écrivez les entrées, `⇒`, puis les résultats attendus"),
        SyntaxErrorKind::Semicolon => Diagnostic::new(Code::Syntax, "les valeurs se séparent par des virgules, pas par des points-virgules", error.span, "`,` attendue")
            .with_help("écrivez `[50 000 €, 60 000 €]`"),
        SyntaxErrorKind::DateFormat { text, right } => Diagnostic::new(Code::Syntax, format!("une date s'écrit année-mois-jour : `{right}`"), error.span, "date à réécrire")
            .with_help(format!("écrivez `{right}` (AAAA-MM-JJ) au lieu de `{text}`")),
        SyntaxErrorKind::Misplaced { word, place } => Diagnostic::new(Code::Syntax, format!("`{word}` s'écrit {place}"), error.span, "pas à sa place ici")
            .with_help(format!("déplacez cette ligne {place}")),
        SyntaxErrorKind::UnclosedMission { word } => Diagnostic::new(Code::Syntax, format!("le bloc de la mission n'est pas fermé avant `{word}`"), error.span, "`}` attendu avant cette ligne")
            .with_help(format!("fermez la mission par `}}` avant cette ligne : `{word}` s'écrit dans le corps de l'accord, pas dans une mission")),
        SyntaxErrorKind::Unfinished { operator } => Diagnostic::new(Code::Syntax, format!("la ligne s'arrête après `{operator}` : il manque ce qui suit"), error.span, "rien après cet opérateur")
            .with_help(format!("complétez la formule après `{operator}`, ou retirez `{operator}`")),
        SyntaxErrorKind::InvalidEscape { text } => Diagnostic::new(Code::InvalidEscape, format!("séquence d'échappement inconnue `{text}`"), error.span, "échappement inconnu")
            .with_help("seules `\\\"`, `\\\\` et `\\n` sont reconnues"),
    }
}

/// Text that does not follow the grammar: what was found, what may come there, and what the
/// drafter most likely meant, as a fix only when re-parsing proved it right.
fn unexpected(error: &SyntaxError, expected: &[String], found: Option<&str>) -> Diagnostic {
    let found_text = match found {
        Some(token) => format!("`{token}`"),
        None => "la fin du fichier".to_string(),
    };
    let expected_text = match expected.len() {
        0 => String::new(),
        1 => expected[0].clone(),
        n if n <= 8 => format!("{} ou {}", expected[..n - 1].join(", "), expected[n - 1]),
        n => format!(
            "{}, ou {} autres possibilités",
            expected[..6].join(", "),
            n - 6
        ),
    };
    let label = if expected_text.is_empty() {
        "inattendu".to_string()
    } else {
        format!("on attend ici {expected_text}")
    };
    let suggestion = error.suggestion.as_ref();
    let missing = suggestion.and_then(|s| s.missing.as_deref());
    // A long list of possibilities belongs in the label, not in the message.
    let message = match (missing, suggestion) {
        (Some(word), _) => format!("il manque `{word}` avant {found_text}"),
        (None, Some(s)) if found.is_some_and(|f| same_but_accents(f, &s.replacement)) => {
            format!("{found_text} s'écrit `{}`", s.replacement)
        }
        (None, Some(_)) => format!("mot inconnu {found_text}"),
        (None, None) if expected_text.is_empty() || expected.len() > 3 => {
            format!("{found_text} inattendu ici")
        }
        (None, None) => format!("{found_text} inattendu ici : on attend {expected_text}"),
    };
    let mut d = Diagnostic::new(Code::Syntax, message, error.span, label);
    match (suggestion, missing) {
        (Some(s), Some(word)) => {
            d = d.with_help(format!("écrivez `{}`", s.replacement));
            if s.proven {
                d = d.with_fix(
                    format!("ajouter `{word}`"),
                    vec![Edit {
                        span: error.span,
                        replacement: s.replacement.clone(),
                    }],
                );
            }
        }
        (Some(s), None) => {
            d = d.with_help(if found.is_some_and(|f| same_but_accents(f, &s.replacement)) {
                "les mots de la langue s'écrivent en minuscules, avec leurs accents (ou tout sans accent)".to_string()
            } else {
                format!("vouliez-vous dire `{}` ?", s.replacement)
            });
            if s.proven {
                d = d.with_fix(
                    format!("remplacer par `{}`", s.replacement),
                    vec![Edit {
                        span: error.span,
                        replacement: s.replacement.clone(),
                    }],
                );
            }
        }
        (None, _)
            if found == Some("}")
                || found.is_none()
                || expected.first().is_some_and(|e| e == "`}`") =>
        {
            d = d.with_help("vérifiez qu'aucune accolade, aucun crochet ni aucun guillemet n'est resté ouvert ou en trop");
        }
        (None, _) => {}
    }
    d
}

/// Whether two words differ only by their accents (`entrèe`, `entrée`).
fn same_but_accents(a: &str, b: &str) -> bool {
    let bare = |w: &str| -> String {
        w.chars()
            .map(|c| match c {
                'à' | 'â' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'î' | 'ï' => 'i',
                'ô' => 'o',
                'ù' | 'û' => 'u',
                'ç' => 'c',
                other => other,
            })
            .collect()
    };
    a != b && bare(&a.to_lowercase()) == bare(&b.to_lowercase())
}

/// The digits of `text` grouped by three from the right: `10 00` → `1 000`.
fn grouped(text: &str) -> String {
    let digits: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
    let head = digits.len() % 3;
    let mut groups: Vec<String> = Vec::new();
    if head > 0 {
        groups.push(digits[..head].iter().collect());
    }
    groups.extend(
        digits[head..]
            .chunks(3)
            .map(|c| c.iter().collect::<String>()),
    );
    groups.join(" ")
}
