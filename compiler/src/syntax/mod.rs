//! Turns the parser's errors into diagnostics.

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Edit};
use crate::suggest::did_you_mean;
use clause_grammar::{SyntaxError, SyntaxErrorKind};

pub fn syntax_diagnostic(error: &SyntaxError) -> Diagnostic {
    match &error.kind {
        SyntaxErrorKind::Unexpected { expected, found } => {
            let found_text = match found {
                Some(token) => format!("`{token}`"),
                None => "la fin du fichier".to_string(),
            };
            let expected_text = match expected.len() {
                0 => String::new(),
                1 => expected[0].clone(),
                n if n <= 8 => format!("{} ou {}", expected[..n - 1].join(", "), expected[n - 1]),
                n => format!("{}, ou {} autres possibilités", expected[..6].join(", "), n - 6),
            };
            // A long list of possibilities belongs in the label, not in the message.
            let message = if expected_text.is_empty() || expected.len() > 3 { format!("{found_text} inattendu ici") } else { format!("{found_text} inattendu ici : {expected_text} attendu") };
            let mut d = Diagnostic::new(Code::Syntax, message, error.span, if expected_text.is_empty() { "inattendu".to_string() } else { format!("attendu : {expected_text}") });
            let keywords = expected.iter().filter_map(|e| e.strip_prefix('`').and_then(|e| e.strip_suffix('`'))).filter(|k| k.chars().all(char::is_alphabetic));
            if let Some(keyword) = found.as_deref().and_then(|word| did_you_mean(word, keywords)) {
                d = d
                    .with_help(format!("vouliez-vous dire `{keyword}` ?"))
                    .with_fix(format!("remplacer par `{keyword}`"), vec![Edit { span: error.span, replacement: keyword.to_string() }]);
            } else if found.as_deref() == Some("}") || found.is_none() || expected.first().is_some_and(|e| e == "`}`") {
                d = d.with_help("vérifiez qu'aucune accolade, aucun crochet ni aucun guillemet n'est resté ouvert ou en trop");
            }
            d
        }
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
            .with_help("les chiffres se groupent par trois à partir de la droite (`50 000`), ou s'écrivent sans espace (`50000`)"),
        SyntaxErrorKind::RepeatedAttribute { attribute, first } => Diagnostic::new(Code::RepeatedAttribute, format!("`{attribute}` est donné deux fois pour la même valeur"), error.span, "deuxième fois")
            .with_secondary(*first, "première fois")
            .with_help("gardez une seule ligne : la deuxième serait ignorée")
            .with_fix("supprimer la répétition", vec![crate::diagnostic::Edit { span: error.span, replacement: String::new() }]),
        SyntaxErrorKind::InvalidEscape { text } => Diagnostic::new(Code::InvalidEscape, format!("séquence d'échappement inconnue `{text}`"), error.span, "échappement inconnu")
            .with_help("seules `\\\"`, `\\\\` et `\\n` sont reconnues"),
    }
}
