//! The language server (`clause lsp`, JSON-RPC on stdio, tower-lsp-server): holds the documents,
//! re-analyses the workspace in the background after each change (changes arriving during an
//! analysis are folded into the next one), publishes diagnostics for every file whose
//! diagnostics changed, and answers requests from the latest analysis.

use crate::convert;
use crate::inlay_hints::{HintKind, HintOptions};
use crate::publish;
use crate::workspace::{analyze, Analyzed, Workspace};
use crate::{
    code_actions, completion, definition, folding, formatting, hover, inlay_hints, references,
    rename, semantic_tokens, symbols,
};
use clause_compiler::{Edit, FileId};
use clause_grammar::lines::Utf16Position;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{watch, Notify};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

/// How long a request waits for the analysis of the latest edit before answering from the
/// previous one.
const FRESHNESS_WAIT: Duration = Duration::from_millis(1500);

/// Serves the protocol on stdin/stdout until the client exits. Returns the process exit code.
pub fn run_stdio() -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("clause lsp : impossible de démarrer : {error}");
            return 1;
        }
    };
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // The stdin reader sits in a blocking thread until the client closes the pipe, which it need
    // not do after `exit`: do not wait for it.
    runtime.shutdown_background();
    0
}

/// Serves the protocol on any pair of streams (stdio, or in-memory pipes in tests).
pub async fn serve<I: AsyncRead + Unpin + Send + 'static, O: AsyncWrite>(input: I, output: O) {
    let (guarded, pipe) = tokio::io::duplex(1 << 16);
    tokio::spawn(crate::frames::forward_valid_frames(input, pipe));
    let (service, socket) = LspService::new(Backend::new);
    Server::new(guarded, output, socket).serve(service).await;
}

pub struct Backend {
    client: Client,
    workspace: Arc<Mutex<Workspace>>,
    analyzed: watch::Receiver<Arc<Analyzed>>,
    sender: Arc<watch::Sender<Arc<Analyzed>>>,
    wake: Arc<Notify>,
    published: Arc<Mutex<publish::Published>>,
    hints: Mutex<HintOptions>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Backend {
    fn new(client: Client) -> Self {
        let (sender, analyzed) = watch::channel(Arc::new(Analyzed::empty()));
        Backend {
            client,
            workspace: Arc::new(Mutex::new(Workspace::default())),
            analyzed,
            sender: Arc::new(sender),
            wake: Arc::new(Notify::new()),
            published: Arc::new(Mutex::new(HashMap::new())),
            hints: Mutex::new(HintOptions::default()),
        }
    }

    /// Starts the background analysis loop.
    fn start_worker(&self) {
        let workspace = self.workspace.clone();
        let sender = self.sender.clone();
        let wake = self.wake.clone();
        let client = self.client.clone();
        let published = self.published.clone();
        tokio::spawn(async move {
            loop {
                wake.notified().await;
                loop {
                    let inputs = lock(&workspace).inputs();
                    if inputs.revision <= sender.borrow().revision {
                        break;
                    }
                    let revision = inputs.revision;
                    let analyzed = match tokio::task::spawn_blocking(move || analyze(inputs)).await
                    {
                        Ok((analyzed, good)) => {
                            lock(&workspace).remember_good(good);
                            Arc::new(analyzed)
                        }
                        Err(_) => {
                            // Requests keep the previous analysis; the next edit tries again.
                            client
                                .log_message(
                                    MessageType::ERROR,
                                    format!(
                                        "clause lsp : l'analyse de la révision {revision} a échoué"
                                    ),
                                )
                                .await;
                            break;
                        }
                    };
                    let previous = sender.send_replace(analyzed.clone());
                    publish::publish(&client, &analyzed, &published).await;
                    // Freeing the previous analysis (a whole tree and index) waits until the
                    // editor has its diagnostics.
                    drop(previous);
                }
            }
        });
    }

    fn changed(&self) {
        self.wake.notify_one();
    }

    /// The analysis of the latest edit (waiting for it a little), or the latest one.
    async fn current(&self) -> Arc<Analyzed> {
        let target = lock(&self.workspace).revision;
        let mut receiver = self.analyzed.clone();
        let _ =
            tokio::time::timeout(FRESHNESS_WAIT, receiver.wait_for(|a| a.revision >= target)).await;
        let current = receiver.borrow().clone();
        current
    }

    async fn at(
        &self,
        document: &TextDocumentPositionParams,
    ) -> Option<(Arc<Analyzed>, FileId, usize)> {
        let analyzed = self.current().await;
        let file = analyzed.file(&document.text_document.uri)?;
        let offset = convert::offset(&analyzed.snapshot, file, document.position);
        Some((analyzed, file, offset))
    }

    fn location(analyzed: &Analyzed, span: clause_compiler::Span) -> Option<Location> {
        Some(Location {
            uri: analyzed.uri(span.file)?,
            range: convert::range(&analyzed.snapshot, span),
        })
    }
}

fn workspace_edit(analyzed: &Analyzed, edits: &[Edit]) -> WorkspaceEdit {
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for edit in edits {
        if let Some(uri) = analyzed.uri(edit.span.file) {
            changes.entry(uri).or_default().push(TextEdit {
                range: convert::range(&analyzed.snapshot, edit.span),
                new_text: edit.replacement.clone(),
            });
        }
    }
    WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }
}

fn lsp_position(p: Position) -> Utf16Position {
    Utf16Position {
        line: p.line,
        character: p.character,
    }
}

fn parse_date(value: Option<&serde_json::Value>) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(value?.as_str()?, "%Y-%m-%d").ok()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .and_then(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .or_else(|| {
                #[allow(deprecated)]
                params
                    .root_uri
                    .as_ref()
                    .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
            });
        if let Some(options) = &params.initialization_options {
            lock(&self.hints).sample_signature = parse_date(options.get("sampleSignatureDate"));
            if let Some(incremental) = options
                .get("incrementalParsing")
                .and_then(serde_json::Value::as_bool)
            {
                lock(&self.workspace).incremental = incremental;
            }
        }
        if let Some(root) = root {
            // Reading the folder can take a while on a large tree: do it off the runtime.
            let workspace = self.workspace.clone();
            let _ = tokio::task::spawn_blocking(move || lock(&workspace).scan(&root)).await;
        }
        self.start_worker();
        self.changed();
        let legend = SemanticTokensLegend {
            token_types: convert::TOKEN_TYPES.to_vec(),
            token_modifiers: convert::token_modifiers(),
        };
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "clause".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(PositionEncodingKind::UTF16),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["{".into(), "[".into()]),
                    ..CompletionOptions::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend,
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                inlay_hint_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                ..ServerCapabilities::default()
            },
            offset_encoding: None,
        })
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        lock(&self.workspace).open(document.uri, document.text, document.version);
        self.changed();
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        {
            let mut workspace = lock(&self.workspace);
            for change in params.content_changes {
                let range = change
                    .range
                    .map(|r| (lsp_position(r.start), lsp_position(r.end)));
                workspace.change(
                    &params.text_document.uri,
                    params.text_document.version,
                    range,
                    change.text,
                );
            }
        }
        self.changed();
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        // Done before any await: requests sent after the notification see its effect.
        lock(&self.workspace).close(&params.text_document.uri);
        self.changed();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        {
            let mut workspace = lock(&self.workspace);
            for change in params.changes {
                workspace.disk_changed(change.uri, change.typ == FileChangeType::DELETED);
            }
        }
        self.changed();
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let date = params
            .settings
            .get("clause")
            .and_then(|c| c.get("sampleSignatureDate"))
            .or_else(|| params.settings.get("sampleSignatureDate"));
        if date.is_some() {
            lock(&self.hints).sample_signature = parse_date(date);
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let Some((analyzed, file, offset)) = self.at(&params.text_document_position_params).await
        else {
            return Ok(None);
        };
        Ok(
            hover::hover(&analyzed.snapshot, file, offset).map(|h| Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: h.markdown,
                }),
                range: Some(convert::range(&analyzed.snapshot, h.span)),
            }),
        )
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let Some((analyzed, file, offset)) = self.at(&params.text_document_position_params).await
        else {
            return Ok(None);
        };
        let span = definition::definition(&analyzed.snapshot, file, offset);
        Ok(span
            .and_then(|s| Self::location(&analyzed, s))
            .map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let Some((analyzed, file, offset)) = self.at(&params.text_document_position).await else {
            return Ok(None);
        };
        let spans = references::references(
            &analyzed.snapshot,
            file,
            offset,
            params.context.include_declaration,
        );
        Ok(Some(
            spans
                .into_iter()
                .filter_map(|s| Self::location(&analyzed, s))
                .collect(),
        ))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let Some((analyzed, file, offset)) = self.at(&params.text_document_position_params).await
        else {
            return Ok(None);
        };
        let highlights = references::document_highlight(&analyzed.snapshot, file, offset);
        Ok(Some(
            highlights
                .into_iter()
                .map(|h| DocumentHighlight {
                    range: convert::range(&analyzed.snapshot, h.span),
                    kind: Some(if h.is_definition {
                        DocumentHighlightKind::WRITE
                    } else {
                        DocumentHighlightKind::READ
                    }),
                })
                .collect(),
        ))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some((analyzed, file, offset)) = self.at(&params).await else {
            return Ok(None);
        };
        match rename::prepare_rename(&analyzed.snapshot, file, offset) {
            Ok(span) => Ok(Some(PrepareRenameResponse::Range(convert::range(
                &analyzed.snapshot,
                span,
            )))),
            Err(error) => Err(Error::invalid_params(error.to_string())),
        }
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let Some((analyzed, file, offset)) = self.at(&params.text_document_position).await else {
            return Ok(None);
        };
        match rename::rename(&analyzed.snapshot, file, offset, &params.new_name) {
            Ok(edits) => Ok(Some(workspace_edit(&analyzed, &edits))),
            Err(error) => Err(Error::invalid_params(error.to_string())),
        }
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let Some((analyzed, file, offset)) = self.at(&params.text_document_position).await else {
            return Ok(None);
        };
        let analyzed_for_text = analyzed.clone();
        // Completion reads the text being typed, the snapshot's: the current text.
        let items = tokio::task::spawn_blocking(move || {
            let snapshot = &analyzed_for_text.snapshot;
            completion::completion(snapshot, file, offset)
        })
        .await
        .unwrap_or_default();
        Ok(Some(CompletionResponse::Array(
            items
                .into_iter()
                .map(|item| CompletionItem {
                    label: item.label,
                    kind: Some(match item.kind {
                        completion::CompletionKind::Keyword => CompletionItemKind::KEYWORD,
                        completion::CompletionKind::Snippet => CompletionItemKind::SNIPPET,
                        completion::CompletionKind::Name(kind) => convert::completion_kind(kind),
                    }),
                    detail: item.detail,
                    insert_text_format: Some(if item.kind == completion::CompletionKind::Snippet {
                        InsertTextFormat::SNIPPET
                    } else {
                        InsertTextFormat::PLAIN_TEXT
                    }),
                    insert_text: Some(item.insert),
                    ..CompletionItem::default()
                })
                .collect(),
        )))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let analyzed = self.current().await;
        let Some(file) = analyzed.file(&params.text_document.uri) else {
            return Ok(None);
        };
        #[allow(deprecated)]
        fn to_lsp(snapshot: &crate::Snapshot, symbol: symbols::DocumentSymbol) -> DocumentSymbol {
            DocumentSymbol {
                name: symbol.name,
                detail: symbol.detail,
                kind: convert::symbol_kind(symbol.kind),
                tags: None,
                deprecated: None,
                range: convert::range(snapshot, symbol.span),
                selection_range: convert::range(snapshot, symbol.selection),
                children: Some(
                    symbol
                        .children
                        .into_iter()
                        .map(|c| to_lsp(snapshot, c))
                        .collect(),
                ),
            }
        }
        let list = symbols::document_symbols(&analyzed.snapshot, file);
        Ok(Some(DocumentSymbolResponse::Nested(
            list.into_iter()
                .map(|s| to_lsp(&analyzed.snapshot, s))
                .collect(),
        )))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let analyzed = self.current().await;
        let found = symbols::workspace_symbols(&analyzed.snapshot, &params.query);
        #[allow(deprecated)]
        let list = found
            .into_iter()
            .filter_map(|(symbol, container)| {
                Some(SymbolInformation {
                    name: symbol.name,
                    kind: convert::symbol_kind(symbol.kind),
                    tags: None,
                    deprecated: None,
                    location: Self::location(&analyzed, symbol.selection)?,
                    container_name: container,
                })
            })
            .collect();
        Ok(Some(WorkspaceSymbolResponse::Flat(list)))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let analyzed = self.current().await;
        let Some(file) = analyzed.file(&params.text_document.uri) else {
            return Ok(None);
        };
        let edits = formatting::format(&analyzed.snapshot, file);
        Ok(edits.map(|edits| {
            edits
                .into_iter()
                .map(|e| TextEdit {
                    range: convert::range(&analyzed.snapshot, e.span),
                    new_text: e.replacement,
                })
                .collect()
        }))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let analyzed = self.current().await;
        let Some(file) = analyzed.file(&params.text_document.uri) else {
            return Ok(None);
        };
        let tokens = semantic_tokens::semantic_tokens(&analyzed.snapshot, file);
        let data = convert::semantic_tokens(&analyzed.snapshot, file, &tokens);
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let analyzed = self.current().await;
        let Some(file) = analyzed.file(&params.text_document.uri) else {
            return Ok(None);
        };
        let snapshot = &analyzed.snapshot;
        let start = convert::offset(snapshot, file, params.range.start);
        let end = convert::offset(snapshot, file, params.range.end);
        let options = *lock(&self.hints);
        let hints = inlay_hints::inlay_hints(snapshot, file, start, end, options);
        Ok(Some(
            hints
                .into_iter()
                .map(|h| InlayHint {
                    position: convert::position(snapshot, file, h.offset),
                    label: InlayHintLabel::String(h.label),
                    kind: Some(match h.kind {
                        HintKind::Parameter => InlayHintKind::PARAMETER,
                        HintKind::Value => InlayHintKind::TYPE,
                    }),
                    text_edits: None,
                    tooltip: None,
                    padding_left: Some(h.kind == HintKind::Value),
                    padding_right: Some(h.kind == HintKind::Parameter),
                    data: None,
                })
                .collect(),
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let analyzed = self.current().await;
        let Some(file) = analyzed.file(&params.text_document.uri) else {
            return Ok(None);
        };
        let snapshot = &analyzed.snapshot;
        let start = convert::offset(snapshot, file, params.range.start);
        let end = convert::offset(snapshot, file, params.range.end);
        let uri_of = |f: FileId| analyzed.uri(f);
        let range_of = |span: clause_compiler::Span| Some(convert::range(snapshot, span));
        let actions = code_actions::code_actions(snapshot, file, start, end);
        Ok(Some(
            actions
                .into_iter()
                .map(|action| {
                    CodeActionOrCommand::CodeAction(CodeAction {
                        title: action.title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: action
                            .diagnostic
                            .as_ref()
                            .and_then(|d| convert::diagnostic(d, &range_of, &uri_of))
                            .map(|d| vec![d]),
                        edit: Some(workspace_edit(&analyzed, &action.edits)),
                        is_preferred: Some(action.preferred),
                        ..CodeAction::default()
                    })
                })
                .collect(),
        ))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let analyzed = self.current().await;
        let Some(file) = analyzed.file(&params.text_document.uri) else {
            return Ok(None);
        };
        let folds = folding::folding_ranges(&analyzed.snapshot, file);
        Ok(Some(
            folds
                .into_iter()
                .map(|f| FoldingRange {
                    start_line: f.start_line,
                    end_line: f.end_line,
                    kind: Some(if f.comment {
                        FoldingRangeKind::Comment
                    } else {
                        FoldingRangeKind::Region
                    }),
                    ..FoldingRange::default()
                })
                .collect(),
        ))
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        let analyzed = self.current().await;
        let Some(file) = analyzed.file(&params.text_document.uri) else {
            return Ok(None);
        };
        let snapshot = &analyzed.snapshot;
        let ranges = params
            .positions
            .into_iter()
            .map(|position| {
                let offset = convert::offset(snapshot, file, position);
                let spans = folding::selection_ranges(snapshot, file, offset);
                let mut parent: Option<Box<SelectionRange>> = None;
                for span in spans.into_iter().rev() {
                    parent = Some(Box::new(SelectionRange {
                        range: convert::range(snapshot, span),
                        parent,
                    }));
                }
                parent.map_or(
                    SelectionRange {
                        range: Range {
                            start: position,
                            end: position,
                        },
                        parent: None,
                    },
                    |b| *b,
                )
            })
            .collect();
        Ok(Some(ranges))
    }
}
