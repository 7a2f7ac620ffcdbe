"""kg.extract.reader: encodings, file kinds, bad files and folders, manifest metadata."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import ArticleError, CorpusError, InputError, KgError
from kg.extract.reader import (decode_bytes, guess_date, guess_paper, guess_title, list_articles, load_manifest,
                               read_article, read_corpus)

BODY = "# 园区新闻\n\n潍坊高新区光电产业园今年新增企业20家。\n"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_reads_utf8_bom_and_chinese_national_encodings(tmp_path, encoding):
    path = _write(tmp_path / "a.txt", BODY.encode(encoding))
    article = read_article(path)
    assert article.text == BODY.replace("\n\n", "\n")  # blank lines collapse
    assert article.source == BODY
    assert (article.id, article.title, article.path) == ("a", "园区新闻", str(path))


@pytest.mark.parametrize("bom,encoding", [
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
])
def test_reads_utf16_and_utf32_with_a_bom(tmp_path, bom, encoding):
    path = _write(tmp_path / "a.txt", bom + BODY.encode(encoding))
    article = read_article(path)
    assert (article.source, article.text) == (BODY, BODY.replace("\n\n", "\n"))
    assert (article.id, article.title) == ("a", "园区新闻")


@pytest.mark.parametrize("data,reason", [
    (b"\xff\xfe" + b"\x00\xd8" * 20, "undecodable bytes (not UTF-16 despite its byte-order mark)"),
    (b"\xfe\xff" + b"\x00\x01\x00\x02" * 20, "binary file (mostly control characters)"),
    (b"\xff\xfe" + "潍坊\x00高新区".encode("utf-16-le"), "binary file (contains NUL characters)"),
    (b"\xff\xfe" + " \n".encode("utf-16-le"), "empty file"),
    (b"\xff\xfe\x00\x00" + b"\x00\x00\x11\x00" * 8, "undecodable bytes (not UTF-32 despite its byte-order mark)"),
])
def test_bom_does_not_let_binary_data_in(data, reason):
    with pytest.raises(ArticleError) as info:
        decode_bytes(data, "x.txt")
    assert str(info.value) == f"x.txt: {reason}"


def test_digest_is_the_sha256_of_the_file_bytes(tmp_path):
    import hashlib
    data = BODY.encode("gb18030")
    article = read_article(_write(tmp_path / "a.txt", data))
    assert article.digest == hashlib.sha256(data).hexdigest()


def test_markdown_is_read_as_text(tmp_path):
    article = read_article(_write(tmp_path / "b.md", BODY.encode()))
    assert article.id == "b"
    assert article.title == "园区新闻"


def test_html_markup_is_stripped_with_offsets_into_the_source(tmp_path):
    raw = "<html><body><h1>园区新闻</h1><p>潍坊高新区&amp;产业园。</p></body></html>"
    article = read_article(_write(tmp_path / "c.html", raw.encode()))
    assert article.text == "园区新闻\n潍坊高新区&产业园。\n"
    assert article.title == "园区新闻"
    start, end = article.source_span(5, 10)
    assert article.source[start:end] == "潍坊高新区"


def test_decode_bytes_prefers_utf8_then_gb18030():
    assert decode_bytes("高新区".encode("utf-8")) == "高新区"
    assert decode_bytes("高新区".encode("gb18030")) == "高新区"
    assert decode_bytes(b"\xef\xbb\xbf" + "园".encode()) == "园"


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file"),
    (b"\x00\x01\x02PK\x03\x04" * 20, "binary file (contains NUL bytes)"),
    ("潍坊".encode() + b"\x00" + "高新区".encode(), "binary file (contains NUL bytes)"),
    (bytes(range(1, 32)) * 10, "binary file (mostly control characters)"),
    (b"\x81\x30\xff\xfe\xfd" * 10, "undecodable bytes (neither UTF-8 nor GB18030)"),
])
def test_decode_bytes_rejects_bad_data(data, reason):
    with pytest.raises(ArticleError) as info:
        decode_bytes(data, "x.txt")
    assert info.value.reason == reason
    assert str(info.value) == f"x.txt: {reason}"
    assert isinstance(info.value, InputError) and isinstance(info.value, KgError)


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"\x00" * 64, "binary file (contains NUL bytes)"),
    (b"\x81\x30\xff\xfe\xfd" * 10, "undecodable bytes (neither UTF-8 nor GB18030)"),
    (b"only ascii words here", "no Chinese text found"),
])
def test_read_article_rejects_bad_files(tmp_path, data, reason):
    path = _write(tmp_path / "bad.txt", data)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert (info.value.path, info.value.reason) == (str(path), reason)


def test_read_article_on_a_missing_file_is_an_article_error(tmp_path):
    with pytest.raises(ArticleError, match="cannot read"):
        read_article(tmp_path / "nope.txt")


def test_missing_folder_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="corpus folder not found"):
        list_articles(tmp_path / "missing")
    with pytest.raises(CorpusError):
        list(read_corpus(tmp_path / "missing"))


def test_folder_with_no_articles_is_a_corpus_error(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "README.md").write_text("读我", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("潍坊", encoding="utf-8")
    with pytest.raises(CorpusError, match="no articles"):
        list_articles(tmp_path)


def test_list_articles_is_sorted_recursive_and_filters_suffixes(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.md", "sub/c.HTML", "d.htm", "e.pdf", "manifest.json"):
        (tmp_path / name).write_text("园", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in list_articles(tmp_path)] == [
        "a.md", "b.txt", "d.htm", "sub/c.HTML"]


def test_a_single_file_is_a_corpus(tmp_path):
    path = _write(tmp_path / "a.txt", BODY.encode())
    assert list_articles(path) == [path]
    assert [a.id for a in read_corpus(path)] == ["a"]


def test_read_corpus_yields_errors_for_bad_files_and_goes_on(tmp_path):
    _write(tmp_path / "1.txt", BODY.encode())
    _write(tmp_path / "2.txt", b"\x00\x00binary")
    _write(tmp_path / "3.txt", BODY.encode("gbk"))
    items = list(read_corpus(tmp_path))
    assert [type(i).__name__ for i in items] == ["Article", "ArticleError", "Article"]
    assert items[1].reason == "binary file (contains NUL bytes)"


def test_manifest_supplies_id_and_metadata(tmp_path):
    _write(tmp_path / "a.txt", BODY.encode())
    _write(tmp_path / "b.txt", BODY.encode())
    manifest = [{"id": "art-1", "file": "a.txt", "title": "手写标题", "date": "2025-06-04", "paper": "中国高新技术产业导报"},
                {"file": "missing.txt", "id": "zzz"}, "not a row"]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert set(load_manifest(tmp_path)) == {"a.txt", "missing.txt"}
    a, b = read_corpus(tmp_path)
    assert (a.id, a.title, a.date, a.paper) == ("art-1", "手写标题", "2025-06-04", "中国高新技术产业导报")
    assert (b.id, b.title) == ("b", "园区新闻")


def test_broken_manifest_is_ignored(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    assert load_manifest(tmp_path) == {}
    assert load_manifest(tmp_path / "absent") == {}


def test_guessers_read_title_date_and_paper():
    text = "## 上下楼即上下游\n\n来源:科技日报 2025年6月4日"
    assert guess_title(text) == "上下楼即上下游"
    assert guess_date(text) == "2025-06-04"
    assert guess_paper(text) == "科技日报"
    assert guess_paper("刊于《中国高新技术产业导报》第3版") == "中国高新技术产业导报"
    assert (guess_title(""), guess_date("无日期"), guess_paper("无")) == ("", "", "")


def test_bundled_manifest_matches_the_corpus_files():
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    manifest = load_manifest(corpus)
    files = {p.name for p in list_articles(corpus)}
    assert set(manifest) == files
    for name, row in manifest.items():
        assert row["id"] and row["title"]
        assert row["id"] == Path(name).stem
