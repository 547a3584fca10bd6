#!/usr/bin/env python3
"""Build the WARC files the web workflow and the WARC reader tests read, with
warcio (PyPI) writing every record:

    python3 scripts/make_web_corpus.py ../shared/data/web/trafilatura-cache

- workflows/corpus/web.warc.gz: real pages of trafilatura's test fixtures
  (listed in workflows/corpus/SOURCES.md) as HTTP `response` records, one gzip
  member each, with a warcinfo record, a `request` record, a robots.txt
  (text/plain), a 404 page and one page fetched twice (an exact duplicate).
- tests/fixtures/warc/: small files for the reader tests: the same kinds of
  records in `pages.warc.gz` (gzip members) and `pages.warc` (plain), a WET
  file, a `.warc.gz` whose second member is cut short, a `.warc` and a
  `.warc.gz` with wrong Content-Length headers, and a page whose HTTP header
  declares UTF-8 for Latin-1 bytes.

Deterministic: fixed record ids and dates, gzip members without timestamps.
"""

import gzip
import io
import os
import re
import sys
import uuid

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE = "2024-05-01T12:00:00Z"

# (file in the trafilatura cache, URL it is recorded under, language)
PAGES = [
    ("blog.python.org.html", "https://blog.python.org/", "en"),
    ("lemire.me.json.html", "https://lemire.me/blog/json/", "en"),
    ("caktusgroup.com.django.html", "https://www.caktusgroup.com/blog/django/", "en"),
    ("die-partei.net.luebeck.html", "https://www.die-partei.net/luebeck/", "de"),
    ("hundeverein-kreisunna.de.html", "https://www.hundeverein-kreisunna.de/", "de"),
    ("rs-ingenieure.de.tragwerksplanung.html", "https://www.rs-ingenieure.de/tragwerksplanung/", "de"),
    ("cdu-fraktion-erfurt.de.waldorfschule.html", "https://www.cdu-fraktion-erfurt.de/waldorfschule/", "de"),
    ("laviedesidees.fr.evaluation.html", "https://laviedesidees.fr/evaluation/", "fr"),
    ("chineselyrics4u.com.zhineng.html", "https://www.chineselyrics4u.com/zhineng/", "zh"),
    ("creativecommons.org.html", "https://creativecommons.org/", "en"),
]


class Ids:
    """Deterministic WARC-Record-IDs."""

    def __init__(self, seed):
        self.seed, self.n = seed, 0

    def __call__(self):
        self.n += 1
        return "<urn:uuid:%s>" % uuid.uuid5(uuid.NAMESPACE_URL, f"{self.seed}/{self.n}")


def meta_charset(html):
    m = re.search(rb"<meta[^>]*charset=[\"']?([A-Za-z0-9_.:-]+)", html[:4096], re.I)
    return m.group(1).decode() if m else None


def record(writer, ids, kind, uri, body=b"", http=None, content_type=None, length=None):
    headers = {"WARC-Date": DATE, "WARC-Record-ID": ids()}
    if content_type:
        headers["Content-Type"] = content_type
    sh = StatusAndHeaders(http[0], http[1], protocol="HTTP/1.1") if http else None
    rec = writer.create_warc_record(
        uri, kind, payload=io.BytesIO(body), http_headers=sh,
        warc_headers_dict=headers, length=length)
    writer.write_record(rec)


def html_response(writer, ids, uri, html, charset):
    ct = "text/html" + (f"; charset={charset}" if charset else "")
    record(writer, ids, "response", uri, html,
           http=("200 OK", [("Content-Type", ct), ("Content-Length", str(len(html)))]))


def raw_records(build, seed):
    """The records `build(writer, ids)` writes, each as uncompressed bytes."""
    recs = []

    class Splitter(WARCWriter):
        def write_record(self, rec, params=None):
            b = io.BytesIO()
            WARCWriter(b, gzip=False).write_record(rec)
            recs.append(b.getvalue())

    build(Splitter(io.BytesIO(), gzip=False), Ids(seed))
    return recs


def gzip_members(records):
    return b"".join(gzip.compress(r, compresslevel=9, mtime=0) for r in records)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    print(f"{os.path.relpath(path, ROOT)}: {len(data):,} bytes")


def common_records(writer, ids, pages):
    record(writer, ids, "warcinfo", None, b"software: warcio\r\nformat: WARC File Format 1.1\r\n",
           content_type="application/warc-fields")
    first = True
    for html, uri, charset in pages:
        if first:
            record(writer, ids, "request", uri, b"",
                   http=("GET / HTTP/1.1", [("Host", uri.split("/")[2])]))
            first = False
        html_response(writer, ids, uri, html, charset)
    robots = b"User-agent: *\nDisallow: /private/\n"
    record(writer, ids, "response", "https://example.org/robots.txt", robots,
           http=("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(robots)))]))
    missing = b"<html><body><h1>404 Not Found</h1></body></html>"
    record(writer, ids, "response", "https://example.org/missing", missing,
           http=("404 Not Found", [("Content-Type", "text/html"), ("Content-Length", str(len(missing)))]))


def main():
    cache = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "../shared/data/web/trafilatura-cache")

    # --- the workflow corpus
    pages = []
    for name, uri, _ in PAGES:
        html = open(os.path.join(cache, name), "rb").read()
        pages.append((html, uri, meta_charset(html) or "utf-8"))
    # the first page recorded a second time under another URL: an exact duplicate
    pages.append((pages[0][0], PAGES[0][1] + "?utm_source=feed", pages[0][2]))
    recs = raw_records(lambda w, ids: common_records(w, ids, pages), "web-corpus")
    write(os.path.join(ROOT, "workflows/corpus/web.warc.gz"), gzip_members(recs))

    # --- reader fixtures
    fx = os.path.join(ROOT, "tests/fixtures/warc")
    p = lambda s: ("<html lang=\"en\"><head><title>Page %s</title></head><body><article><p>" % s
                   + ("This is the text of page %s, a paragraph long enough to count as "
                      "main text for the extractor. " % s) * 4 + "</p></article></body></html>").encode()
    latin = ("<html lang=\"de\"><head><title>Grüße</title></head><body><article><p>"
             + "Grüße aus Köln: Straßenbahn, Bürgersteig und Fußgängerzone sind schön. " * 4
             + "</p></article></body></html>").encode("latin-1")
    small = [(p("one"), "https://example.org/one", "utf-8"),
             (latin, "https://example.de/latin1", "iso-8859-1"),
             (latin, "https://example.de/wrong-charset", "utf-8"),
             (p("two"), "https://example.org/two", None)]
    recs = raw_records(lambda w, ids: common_records(w, ids, small), "fixtures")
    write(os.path.join(fx, "pages.warc.gz"), gzip_members(recs))
    write(os.path.join(fx, "pages.warc"), b"".join(recs))

    # WET: plain-text conversion records
    def wet(w, ids):
        record(w, ids, "warcinfo", None, b"software: warcio\r\n", content_type="application/warc-fields")
        for i, lang in enumerate(["English text of the first page.", "Deutscher Text der zweiten Seite: Grüße.",
                                  "第三页的中文文本。"]):
            record(w, ids, "conversion", f"https://example.org/wet{i}", lang.encode(), content_type="text/plain")
    write(os.path.join(fx, "pages.wet"), b"".join(raw_records(wet, "wet")))

    # a gzip member cut short: records 1 and 3 are whole
    three = raw_records(lambda w, ids: [html_response(w, ids, f"https://example.org/t{i}", p(f"t{i}"), "utf-8")
                                        for i in range(3)], "trunc")
    members = [gzip.compress(r, 9, mtime=0) for r in three]
    members[1] = members[1][: len(members[1]) // 2]
    write(os.path.join(fx, "truncated.warc.gz"), b"".join(members))

    # wrong Content-Length: record 2 too long by 300 bytes, record 4 too short by 40
    five = raw_records(lambda w, ids: [html_response(w, ids, f"https://example.org/l{i}", p(f"l{i}"), "utf-8")
                                       for i in range(5)], "length")

    def bump(rec, delta):
        head, rest = rec.split(b"\r\n\r\n", 1)
        n = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        head = head.replace(b"Content-Length: %d" % n, b"Content-Length: %d" % (n + delta))
        return head + b"\r\n\r\n" + rest

    bad = [five[0], bump(five[1], 300), five[2], bump(five[3], -40), five[4]]
    write(os.path.join(fx, "bad_length.warc"), b"".join(bad))
    write(os.path.join(fx, "bad_length.warc.gz"), gzip_members(bad))


if __name__ == "__main__":
    main()
