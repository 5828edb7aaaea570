"""`clause lsp` over stdio, driven by pytest-lsp: diagnostics, hover, definition, formatting."""

import asyncio
import os
import pathlib
import shutil
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLAUSE = os.environ.get("CLAUSE_BIN", str(ROOT / "target" / "release" / "clause"))
WORKSPACE = pathlib.Path(tempfile.mkdtemp(prefix="clause-lsp-e2e-"))
shutil.copytree(ROOT / "agreements", WORKSPACE, dirs_exist_ok=True)
ACI = WORKSPACE / "aci_cpts_2019.clause"
AVENANT = WORKSPACE / "avenant_2_proposition_2020.clause"


def uri(path: pathlib.Path) -> str:
    return path.as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[CLAUSE, "lsp", "--stdio"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=uri(WORKSPACE),
            workspace_folders=[types.WorkspaceFolder(uri=uri(WORKSPACE), name="agreements")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def open_document(client: LanguageClient, path: pathlib.Path, text: str | None = None) -> str:
    text = path.read_text(encoding="utf-8") if text is None else text
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri(path), language_id="clause", version=1, text=text)
        )
    )
    return text


async def diagnostics_until(client: LanguageClient, document: str, predicate, timeout: float = 20.0):
    """Waits for published diagnostics of `document` satisfying `predicate`."""

    async def wait():
        while True:
            current = client.diagnostics.get(document)
            if current is not None and predicate(current):
                return current
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), timeout)


def position_of(text: str, needle: str, shift: int = 0) -> types.Position:
    offset = text.index(needle) + shift
    line = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1
    character = len(text[line_start:offset].encode("utf-16-le")) // 2
    return types.Position(line=line, character=character)


async def test_an_agreement_has_no_diagnostics_and_a_gap_is_reported_at_its_range(client: LanguageClient):
    text = open_document(client, ACI)
    document = uri(ACI)
    assert list(await diagnostics_until(client, document, lambda d: True)) == []

    # `de 40 000 à moins de 80 000` becomes `… à moins de 70 000`: 70 000 to 79 999 are in no band.
    start = position_of(text, "80 000\n      hypothèse \"40 000")
    end = types.Position(line=start.line, character=start.character + 2)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text="70")],
        )
    )
    diagnostics = await diagnostics_until(client, document, lambda d: len(d) > 0)
    gap = next(d for d in diagnostics if d.code == "E0301")
    assert "de 70 000 à 79 999 : aucune tranche" in gap.message
    # The gap is reported on the range of `taille_3`, the band after it: `de 80 000 à moins de 175 000`.
    taille_3 = position_of(text, "de 80 000 à moins de 175 000")
    assert gap.range.start == taille_3
    assert gap.range.end.character - gap.range.start.character == len("de 80 000 à moins de 175 000")
    assert gap.related_information[0].location.uri == document


async def test_hover_in_an_amendment_shows_the_base_values(client: LanguageClient):
    text = open_document(client, AVENANT)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri(AVENANT)),
            position=position_of(text, "75 % × fonctionnement", len("75 % × ") + 3),
        )
    )
    assert hover is not None
    value = hover.contents.value
    assert "**enveloppe** `fonctionnement`" in value
    for amount in ["50 000 €", "60 000 €", "75 000 €", "90 000 €"]:
        assert amount in value
    assert "hérité de la base `aci_cpts_2019`" in value


async def test_definition_goes_into_the_base_file(client: LanguageClient):
    text = open_document(client, AVENANT)
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(AVENANT)),
            position=position_of(text, "75 % × fonctionnement", len("75 % × ")),
        )
    )
    location = result[0] if isinstance(result, list) else result
    assert location.uri == uri(ACI)
    base = ACI.read_text(encoding="utf-8")
    assert location.range.start == position_of(base, "enveloppe fonctionnement", len("enveloppe "))


async def test_formatting_gives_the_canonical_text_once(client: LanguageClient):
    messy = WORKSPACE / "brouillon.clause"
    text = 'accord   brouillon "B"{\nstatut projet\n  source    "s"\nentrée x : nombre\n}\n'
    messy.write_text(text, encoding="utf-8")
    open_document(client, messy, text)
    options = types.FormattingOptions(tab_size=2, insert_spaces=True)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=types.TextDocumentIdentifier(uri=uri(messy)), options=options)
    )
    assert edits and len(edits) == 1
    formatted = edits[0].new_text
    assert "accord brouillon" in formatted and formatted != text
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri(messy), version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=formatted)],
        )
    )
    again = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=types.TextDocumentIdentifier(uri=uri(messy)), options=options)
    )
    assert list(again or []) == []
    messy.unlink()
