"""Documents are recognised by their structure, size-capped and optionally scanned."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest
from werkzeug.datastructures import FileStorage

from participa.core import documents
from participa.core.errors import DomainError
from participa.media.demo import docx, odt, pdf
from tests.archives import zip_of


def test_real_documents_are_recognised():
    assert documents.sniff(pdf("Hello")).extension == "pdf"
    assert documents.sniff(odt("Hola")).extension == "odt"
    assert documents.sniff(docx("Olá")).extension == "docx"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"MZ\x90\x00\x03" + b"\x00" * 200, id="renamed-exe"),
        pytest.param(b"%PDF-1.4\nno end marker here", id="truncated-pdf"),
        pytest.param(zip_of({"readme.txt": "hello", "tool.exe": b"MZ"}), id="plain-archive"),
        pytest.param(
            zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}),
            id="docx-without-its-content-type",
        ),
        pytest.param(b"<html><script>alert(1)</script></html>", id="html"),
        pytest.param(b"", id="empty"),
    ],
)
def test_other_files_are_refused(data):
    with pytest.raises(DomainError) as refused:
        documents.sniff(data)
    assert refused.value.status == 422


def test_macro_enabled_office_documents_are_refused_by_content():
    main = "application/vnd.ms-word.document.macroEnabled.main+xml"
    docm = zip_of({
        "[Content_Types].xml":
            f'<Types><Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        "word/document.xml": "<w:document/>",
        "word/vbaProject.bin": b"\xd0\xcf\x11\xe0",
    })  # fmt: skip
    with pytest.raises(DomainError):
        documents.sniff(docm)
    # The same macros inside a file otherwise shaped like a docx.
    with zipfile.ZipFile(io.BytesIO(docx("x"))) as original:
        entries = {name: original.read(name) for name in original.namelist()}
    entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0"
    with pytest.raises(DomainError):
        documents.sniff(zip_of(entries))


def test_opendocument_with_basic_macros_is_refused():
    text = "application/vnd.oasis.opendocument.text"
    with_macros = zip_of({"mimetype": text, "content.xml": "<x/>", "META-INF/manifest.xml": "<m/>",
                          "Basic/Standard/Module1.xml": "x"})  # fmt: skip
    with pytest.raises(DomainError):
        documents.sniff(with_macros)
    clean = zip_of({"mimetype": text, "content.xml": "<x/>", "META-INF/manifest.xml": "<m/>"})
    assert documents.sniff(clean).extension == "odt"


def test_a_zip_bomb_is_refused_unread(monkeypatch):
    monkeypatch.setattr(documents, "MAX_UNPACKED", 1000)
    big = zip_of({"mimetype": "application/vnd.oasis.opendocument.text",
                  "content.xml": "x" * 5000, "META-INF/manifest.xml": "<m/>"})  # fmt: skip
    with pytest.raises(DomainError):
        documents.sniff(big)


def _file(data: bytes, name: str = "doc.pdf") -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def test_oversize_documents_answer_413(app, municipality, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(DomainError) as refused:
        documents.save_document(_file(pdf("x" * 2000)), municipality=municipality, uploader=None)
    assert refused.value.status == 413
    assert "1" in refused.value.message  # the limit, as people read it


def test_stored_documents_are_not_public(app, municipality):
    upload = documents.save_document(_file(pdf("ok")), municipality=municipality, uploader=None)
    assert upload.public is False and upload.content_type == "application/pdf"


@pytest.fixture
def scanner(tmp_path, app, monkeypatch):
    """A fake virus scanner: a script whose behaviour the test writes."""

    def make(body: str) -> None:
        script = tmp_path / "scan"
        script.write_text("#!/bin/sh\ncat > /dev/null\n" + body + "\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setitem(app.config, "DOCUMENT_SCAN_COMMAND", f"{script} --no-summary -")
        monkeypatch.setitem(app.config, "DOCUMENT_SCAN_TIMEOUT", 2)

    return make


def test_a_clean_scan_accepts(scanner, municipality):
    scanner("exit 0")
    upload = documents.save_document(_file(pdf("ok")), municipality=municipality, uploader=None)
    assert upload.id


def test_an_infected_file_is_refused(scanner, municipality):
    scanner('echo "stream: Eicar-Signature FOUND"; exit 1')
    with pytest.raises(DomainError) as refused:
        documents.save_document(_file(pdf("ok")), municipality=municipality, uploader=None)
    assert refused.value.status == 422 and "virus" in refused.value.message


@pytest.mark.parametrize("body", ["exit 2", "sleep 5"], ids=["error", "timeout"])
def test_a_failing_scanner_refuses_with_a_clear_message(scanner, municipality, body):
    scanner(body)
    with pytest.raises(DomainError) as refused:
        documents.save_document(_file(pdf("ok")), municipality=municipality, uploader=None)
    assert refused.value.status == 503
    assert "could not be checked" in refused.value.message


def test_a_missing_scanner_refuses(app, municipality, monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENT_SCAN_COMMAND", "/nonexistent/clamdscan -")
    with pytest.raises(DomainError) as refused:
        documents.save_document(_file(pdf("ok")), municipality=municipality, uploader=None)
    assert refused.value.status == 503
