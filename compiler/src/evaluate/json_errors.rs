//! serde_json's error messages in French, for the errors of a case file.

/// serde_json's English message, in French. serde_json exposes no error code, only its text:
/// the known messages are matched, anything else gets a general wording.
pub fn json_error_french(error: &serde_json::Error) -> &'static str {
    let text = error.to_string();
    let known: [(&str, &str); 19] = [
        (
            "EOF while parsing a list",
            "le fichier s'arrête au milieu d'une liste `[ … ]`",
        ),
        (
            "EOF while parsing an object",
            "le fichier s'arrête au milieu d'un objet `{ … }`",
        ),
        (
            "EOF while parsing a string",
            "le fichier s'arrête au milieu d'un texte : guillemet fermant manquant",
        ),
        (
            "EOF while parsing a value",
            "le fichier s'arrête là où une valeur est attendue",
        ),
        ("expected `:`", "`:` attendu après la clé"),
        ("expected `,` or `]`", "`,` ou `]` attendu"),
        ("expected `,` or `}`", "`,` ou `}` attendu"),
        (
            "expected ident",
            "mot inconnu : `true`, `false` ou `null` attendu",
        ),
        ("expected value", "valeur attendue"),
        ("key must be a string", "une clé s'écrit entre guillemets"),
        ("trailing comma", "virgule en trop avant la fermeture"),
        (
            "trailing characters",
            "texte en trop après la fin du document",
        ),
        ("invalid escape", "échappement invalide dans un texte"),
        ("invalid number", "nombre invalide"),
        ("number out of range", "nombre hors limites"),
        ("invalid unicode code point", "caractère Unicode invalide"),
        (
            "control character",
            "caractère de contrôle dans un texte : écrivez `\\n` ou `\\t`",
        ),
        ("recursion limit exceeded", "imbrication trop profonde"),
        ("lone leading surrogate", "échappement `\\u` invalide"),
    ];
    known
        .iter()
        .find(|(english, _)| text.starts_with(english))
        .map_or("syntaxe JSON invalide", |(_, french)| french)
}
