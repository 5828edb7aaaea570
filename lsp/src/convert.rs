//! The LSP boundary: byte spans to UTF-16 ranges and back, and the features' plain results to
//! protocol types. Nothing else in the crate knows about the protocol.

use crate::navigation::NameKind;
use crate::semantic_tokens::{Token, TokenType};
use crate::snapshot::Snapshot;
use clause_compiler::{Diagnostic, FileId, Severity, Span};
use clause_grammar::lines::Utf16Position;
use tower_lsp_server::ls_types as lsp;

pub fn position(snapshot: &Snapshot, file: FileId, offset: usize) -> lsp::Position {
    let p = snapshot.position(file, offset);
    lsp::Position {
        line: p.line,
        character: p.character,
    }
}

pub fn range(snapshot: &Snapshot, span: Span) -> lsp::Range {
    lsp::Range {
        start: position(snapshot, span.file, span.start),
        end: position(snapshot, span.file, span.end),
    }
}

pub fn offset(snapshot: &Snapshot, file: FileId, position: lsp::Position) -> usize {
    snapshot.offset(
        file,
        Utf16Position {
            line: position.line,
            character: position.character,
        },
    )
}

/// A compiler diagnostic as the protocol's, its secondary labels as related information.
/// `range_of` converts spans (the primary one may be in a text other than the snapshot's).
pub fn diagnostic(
    d: &Diagnostic,
    range_of: &dyn Fn(Span) -> Option<lsp::Range>,
    uri_of: &dyn Fn(FileId) -> Option<lsp::Uri>,
) -> Option<lsp::Diagnostic> {
    let mut message = d.message.clone();
    for note in &d.notes {
        message.push_str(&format!("\nnote : {note}"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\naide : {help}"));
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .filter_map(|label| {
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location {
                    uri: uri_of(label.span.file)?,
                    range: range_of(label.span)?,
                },
                message: label.message.clone(),
            })
        })
        .collect();
    Some(lsp::Diagnostic {
        range: range_of(d.primary.span)?,
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Note => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some("clause".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    })
}

pub fn symbol_kind(kind: NameKind) -> lsp::SymbolKind {
    match kind {
        NameKind::Version => lsp::SymbolKind::NAMESPACE,
        NameKind::Enum => lsp::SymbolKind::ENUM,
        NameKind::Variant => lsp::SymbolKind::ENUM_MEMBER,
        NameKind::Input => lsp::SymbolKind::FIELD,
        NameKind::BandSet => lsp::SymbolKind::STRUCT,
        NameKind::Band => lsp::SymbolKind::ENUM_MEMBER,
        NameKind::Envelope => lsp::SymbolKind::PROPERTY,
        NameKind::Value => lsp::SymbolKind::VARIABLE,
        NameKind::Result => lsp::SymbolKind::VARIABLE,
        NameKind::Mission => lsp::SymbolKind::CLASS,
        NameKind::Condition => lsp::SymbolKind::FUNCTION,
        NameKind::Reference => lsp::SymbolKind::CONSTANT,
    }
}

pub fn completion_kind(kind: NameKind) -> lsp::CompletionItemKind {
    match kind {
        NameKind::Version => lsp::CompletionItemKind::MODULE,
        NameKind::Enum => lsp::CompletionItemKind::ENUM,
        NameKind::Variant | NameKind::Band => lsp::CompletionItemKind::ENUM_MEMBER,
        NameKind::Input => lsp::CompletionItemKind::FIELD,
        NameKind::BandSet => lsp::CompletionItemKind::STRUCT,
        NameKind::Envelope => lsp::CompletionItemKind::PROPERTY,
        NameKind::Value | NameKind::Result => lsp::CompletionItemKind::VARIABLE,
        NameKind::Mission => lsp::CompletionItemKind::CLASS,
        NameKind::Condition => lsp::CompletionItemKind::FUNCTION,
        NameKind::Reference => lsp::CompletionItemKind::REFERENCE,
    }
}

/// The semantic token types, in legend order.
pub const TOKEN_TYPES: &[lsp::SemanticTokenType] = &[
    lsp::SemanticTokenType::KEYWORD,
    lsp::SemanticTokenType::NAMESPACE,
    lsp::SemanticTokenType::CLASS,
    lsp::SemanticTokenType::PROPERTY,
    lsp::SemanticTokenType::VARIABLE,
    lsp::SemanticTokenType::PARAMETER,
    lsp::SemanticTokenType::TYPE,
    lsp::SemanticTokenType::ENUM_MEMBER,
    lsp::SemanticTokenType::ENUM,
    lsp::SemanticTokenType::FUNCTION,
    lsp::SemanticTokenType::NUMBER,
    lsp::SemanticTokenType::STRING,
    lsp::SemanticTokenType::COMMENT,
    lsp::SemanticTokenType::OPERATOR,
];

/// Modifiers, in legend order: `money`, `percent` and `date` refine `number`.
pub fn token_modifiers() -> Vec<lsp::SemanticTokenModifier> {
    vec![
        lsp::SemanticTokenModifier::DECLARATION,
        lsp::SemanticTokenModifier::new("money"),
        lsp::SemanticTokenModifier::new("percent"),
        lsp::SemanticTokenModifier::new("date"),
    ]
}

fn token_type_index(ty: TokenType) -> (u32, u32) {
    let name = |kind: NameKind| match kind {
        NameKind::Version | NameKind::Reference => 1,
        NameKind::Mission => 2,
        NameKind::Envelope => 3,
        NameKind::Value | NameKind::Result => 4,
        NameKind::Input => 5,
        NameKind::BandSet => 6,
        NameKind::Band | NameKind::Variant => 7,
        NameKind::Enum => 8,
        NameKind::Condition => 9,
    };
    match ty {
        TokenType::Keyword => (0, 0),
        TokenType::Name(kind) => (name(kind), 0),
        TokenType::Identifier => (4, 0),
        TokenType::Number => (10, 0),
        TokenType::Money => (10, 1 << 1),
        TokenType::Percent => (10, 1 << 2),
        TokenType::Date => (10, 1 << 3),
        TokenType::String => (11, 0),
        TokenType::Comment => (12, 0),
        TokenType::Operator => (13, 0),
    }
}

/// Tokens in the protocol's relative encoding (each token on one line).
pub fn semantic_tokens(
    snapshot: &Snapshot,
    file: FileId,
    tokens: &[Token],
) -> Vec<lsp::SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut previous_line, mut previous_start) = (0u32, 0u32);
    for token in tokens {
        let start = snapshot.position(file, token.span.start);
        let end = snapshot.position(file, token.span.end);
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        let (ty, mut modifiers) = token_type_index(token.ty);
        if token.definition {
            modifiers |= 1;
        }
        let delta_line = start.line - previous_line;
        let delta_start = if delta_line == 0 {
            start.character - previous_start
        } else {
            start.character
        };
        out.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: ty,
            token_modifiers_bitset: modifiers,
        });
        previous_line = start.line;
        previous_start = start.character;
    }
    out
}
