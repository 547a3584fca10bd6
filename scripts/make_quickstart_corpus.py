#!/usr/bin/env python3
"""Build the small corpus shipped in workflows/corpus/ from ../shared/data.

Deterministic (seeded). Sources (see workflows/corpus/SOURCES.md):
  - TinyStories validation split prefix (Eldan & Li, CDLA-Sharing-1.0)
  - a shortened English Wikipedia XML dump (CC BY-SA 3.0)
  - web pages from trafilatura's test fixtures (text crudely extracted)
Exact duplicates (re-cased, re-spaced) are added on purpose for dedup_exact.
"""
import bz2, gzip, html, json, random, re, sys
from pathlib import Path

shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
out = Path(__file__).resolve().parent.parent / "workflows" / "corpus"
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(1234)

# Stories.
raw = (shared / "tinystories/tinystories_val_prefix.txt").read_text(encoding="utf-8")
stories = [s.strip() for s in re.split(r"<\|endoftext\|>|\n\s*\n", raw) if len(s.strip()) > 200]
stories = stories[:400]
dups = [re.sub(r"\s+", "  ", s.upper() if i % 2 else s) for i, s in enumerate(rng.sample(stories, 25))]
docs = [{"text": s} for s in stories + dups]
rng.shuffle(docs)
with gzip.open(out / "stories.jsonl.gz", "wt", encoding="utf-8") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")

# Wikipedia pages.
xml = bz2.open(shared / "wiki/enwiki-sample.xml.bz2", "rt", encoding="utf-8").read()
pages = re.findall(r"<title>(.*?)</title>.*?<text[^>]*>(.*?)</text>", xml, flags=re.S)
wiki = []
for title, text in pages:
    t = html.unescape(text)
    t = re.sub(r"\{\{[^{}]*\}\}", "", t)
    t = re.sub(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]", r"\1", t)
    t = re.sub(r"<ref[^>]*>.*?</ref>|<[^>]+>|'''?|==+", "", t, flags=re.S)
    t = "\n".join(l.strip() for l in t.splitlines() if l.strip())
    t = t[:20000]
    if len(t) > 100 and len(wiki) < 60:
        wiki.append({"text": t, "url": "https://en.wikipedia.org/wiki/" + title.replace(" ", "_")})

# Web pages: visible text, boilerplate included.
web = []
for p in sorted((shared / "web/trafilatura-cache").glob("*.html")):
    h = p.read_text(encoding="utf-8", errors="replace")
    h = re.sub(r"(?is)<(script|style|noscript)[^>]*>.*?</\1>", " ", h)
    h = re.sub(r"(?i)<br\s*/?>|</(p|div|li|h\d|tr)>", "\n", h)
    t = html.unescape(re.sub(r"<[^>]+>", " ", h))
    t = "\n".join(re.sub(r"[ \t]+", " ", l).strip() for l in t.splitlines())
    t = re.sub(r"\n{2,}", "\n", t).strip()
    if t:
        web.append({"text": t, "url": "https://" + p.stem.replace(".", "/", p.stem.count(".") - 1)})

import zstandard  # noqa: E402  (pip install zstandard)
with open(out / "web_and_wiki.jsonl.zst", "wb") as f:
    cctx = zstandard.ZstdCompressor(level=19)
    body = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in wiki + web[:60])
    f.write(cctx.compress(body.encode("utf-8")))

# Plain text, one document per line.
lines = [s.replace("\n", " ") for s in stories[400:] if s] or [s.replace("\n", " ") for s in stories[:50]]
(out / "notes.txt").write_text("\n".join(lines[:60]) + "\n", encoding="utf-8")
print(f"{len(docs)} stories, {len(wiki)} wiki pages, {min(60, len(web))} web pages, {min(60, len(lines))} text lines -> {out}")
