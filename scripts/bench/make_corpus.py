#!/usr/bin/env python3
"""Build a deterministic (seeded) JSONL benchmark corpus for the heuristic filters.

    python scripts/bench/make_corpus.py OUT.jsonl [--mb 110] [--seed 1234] [--data ../shared/data]

Every document is assembled from real text under shared/data (see shared/README.md):
TinyStories, trafilatura's web pages (HTML crudely stripped; their <script>/<style>
bodies give code-like documents), the English Wikipedia sample (cleaned and raw
wikitext), Leipzig/lingua sentences in 75 languages and Jigsaw comments. Documents are
mixed in kind and length (a few words up to a few MB) and in quality: clean prose, short
snippets, lists, navigation/cookie boilerplate, spammy repetition, code, lorem ipsum,
hashtags/ellipses, CRLF endings ... so that every rule set both keeps and drops a
meaningful share. The id prefix names the generator (`wiki-000123`).
"""
import argparse
import bz2
import csv
import hashlib
import html
import json
import os
import random
import re
import xml.etree.ElementTree as ET

NAV_WORDS = [
    "Home", "About us", "Contact", "Services", "Blog", "News", "Shop", "Cart", "Login", "Register",
    "Search", "Menu", "Help", "FAQ", "Careers", "Press", "Sitemap", "Events", "Gallery", "Downloads",
    "Products", "Support", "Newsletter", "Imprint", "Impressum", "Datenschutz", "Kontakt", "Accueil",
    "Share on Facebook", "Tweet", "Follow us", "Subscribe", "Next page", "Previous", "Back to top",
]
FOOTERS = [
    "This website uses cookies to improve your experience.",
    "By continuing to browse you agree to our use of cookies.",
    "Read our Privacy Policy and Terms of Use.",
    "Please enable JavaScript to view the comments powered by Disqus.",
    "All rights reserved.",
    "Copyright 2019. All rights reserved.",
    "We use cookies to personalise content and ads.",
    "Cookie Policy",
    "Sign up for our newsletter to get the latest news.",
    "Click here to read more...",
    "Loading...",
]
LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt "
    "ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation."
)
BULLETS = ["- ", "• ", "* ", "-", "· ", "1. ", "> "]


def read_text(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def strip_html(doc):
    scripts = [m.group(2) for m in re.finditer(r"(?is)<(script|style)[^>]*>(.*?)</\1>", doc)]
    doc = re.sub(r"(?is)<(script|style|noscript)[^>]*>.*?</\1>", " ", doc)
    doc = re.sub(r"(?s)<!--.*?-->", " ", doc)
    doc = re.sub(
        r"(?i)<\s*/?\s*(br|p|div|li|h[1-6]|tr|title|ul|ol|table|section|article|header|footer|nav|blockquote|dd|dt)\b[^>]*>",
        "\n",
        doc,
    )
    doc = re.sub(r"(?s)<[^>]+>", " ", doc)
    doc = html.unescape(doc)
    lines = [re.sub(r"[ \t\r\f\v\xa0]+", " ", ln).strip() for ln in doc.split("\n")]
    lines = [ln for ln in lines if ln]
    scripts = [s.strip() for s in scripts if len(s.strip()) > 200]
    return lines, scripts


def clean_wikitext(t):
    t = re.sub(r"(?s)<!--.*?-->", "", t)
    t = re.sub(r"(?s)<ref[^>/]*/>", "", t)
    t = re.sub(r"(?s)<ref[^>]*>.*?</ref>", "", t)
    for _ in range(6):
        t = re.sub(r"\{\{[^{}]*\}\}", "", t)
    t = re.sub(r"(?s)\{\|.*?\|\}", "", t)
    t = re.sub(r"\[\[(?:File|Image|Category):[^\]]*\]\]", "", t)
    t = re.sub(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]", r"\1", t)
    t = re.sub(r"\[https?://\S+ ([^\]]*)\]", r"\1", t)
    t = re.sub(r"'{2,}", "", t)
    t = re.sub(r"(?m)^=+\s*(.*?)\s*=+\s*$", r"\1", t)
    t = re.sub(r"<[^>]+>", "", t)
    t = html.unescape(t)
    t = re.sub(r"\n{3,}", "\n\n", t)
    return t.strip()


def load_sources(data):
    src = {}
    # TinyStories: blank-line separated paragraphs
    st = read_text(os.path.join(data, "tinystories/tinystories_val_prefix.txt"))
    st = st.replace("<|endoftext|>", "\n\n")
    src["story_paras"] = [p.strip() for p in re.split(r"\n\s*\n", st) if p.strip()]
    # langid sentences
    src["sents"] = {}
    ldir = os.path.join(data, "langid")
    for fn in sorted(os.listdir(ldir)):
        if fn.endswith(".txt"):
            lines = [ln.strip() for ln in read_text(os.path.join(ldir, fn)).split("\n") if ln.strip()]
            src["sents"][fn[:-4]] = lines
    # Jigsaw comments
    with open(os.path.join(data, "toxicity/jigsaw_test_balanced.csv"), encoding="utf-8", errors="replace") as fh:
        src["comments"] = [row[0] for row in csv.reader(fh) if row and row[0].strip()]
    # Wikipedia
    wiki_clean, wiki_raw = [], []
    with bz2.open(os.path.join(data, "wiki/enwiki-sample.xml.bz2")) as fh:
        for _, el in ET.iterparse(fh):
            if el.tag.endswith("}page") or el.tag == "page":
                text = None
                for sub in el.iter():
                    if sub.tag.endswith("}text") or sub.tag == "text":
                        text = sub.text
                if text and not text.lower().startswith("#redirect"):
                    wiki_raw.append(text)
                    c = clean_wikitext(text)
                    if len(c) > 200:
                        wiki_clean.append(c)
                el.clear()
    src["wiki_clean"], src["wiki_raw"] = wiki_clean, wiki_raw
    # web pages
    web, code = [], []
    wdir = os.path.join(data, "web/trafilatura-cache")
    for fn in sorted(os.listdir(wdir)):
        lines, scripts = strip_html(read_text(os.path.join(wdir, fn)))
        if lines:
            web.append(lines)
        code.extend(scripts)
    src["web"], src["code"] = web, code
    return src


class Gen:
    def __init__(self, src, rng):
        self.s = src
        self.r = rng
        self.en = src["sents"]["en"]
        self.langs = sorted(src["sents"])

    # ---- building blocks
    def sentences(self, n, lang="en"):
        pool = self.s["sents"][lang]
        return [self.r.choice(pool) for _ in range(n)]

    def paragraphs(self, n_sent, lang="en", sep=" "):
        sents = self.sentences(n_sent, lang)
        out, i = [], 0
        while i < len(sents):
            k = self.r.randint(2, 7)
            out.append(sep.join(sents[i : i + k]))
            i += k
        return out

    def nav(self, n):
        return [self.r.choice(NAV_WORDS) for _ in range(n)]

    # ---- generators
    def wiki(self):
        a = self.r.choice(self.s["wiki_clean"])
        if len(a) > 20000 and self.r.random() < 0.6:
            paras = a.split("\n\n")
            i = self.r.randrange(len(paras))
            a = "\n\n".join(paras[i : i + self.r.randint(2, 12)])
        return a

    def wiki_raw(self):
        a = self.r.choice(self.s["wiki_raw"])
        if len(a) > 8000:
            i = self.r.randrange(0, len(a) - 4000)
            a = a[i : i + self.r.randint(1000, 8000)]
        return a

    def web_page(self):
        return "\n".join(self.r.choice(self.s["web"]))

    def web_window(self):
        lines = self.r.choice(self.s["web"])
        i = self.r.randrange(len(lines))
        return "\n".join(lines[i : i + self.r.randint(3, 80)])

    def stories(self):
        p = self.s["story_paras"]
        i = self.r.randrange(len(p))
        return "\n\n".join(p[i : i + self.r.randint(1, 12)])

    def prose_en(self):
        return "\n\n".join(self.paragraphs(self.r.randint(3, 120)))

    def prose_other(self):
        lang = self.r.choice(self.langs)
        return "\n\n".join(self.paragraphs(self.r.randint(3, 80), lang))

    def comments(self):
        return "\n".join(self.r.choice(self.s["comments"]) for _ in range(self.r.randint(1, 6)))

    def short(self):
        k = self.r.random()
        if k < 0.4:
            return self.r.choice(self.en)
        if k < 0.7:
            return " ".join(self.sentences(self.r.randint(2, 4)))
        return self.r.choice(self.s["comments"])[:200]

    def bullet_list(self):
        b = self.r.choice(BULLETS)
        n = self.r.randint(5, 60)
        items = []
        for _ in range(n):
            s = self.r.choice(self.en)
            if self.r.random() < 0.5:
                s = " ".join(s.split()[: self.r.randint(2, 8)])
            items.append(b + s)
        head = [self.r.choice(self.en)] if self.r.random() < 0.5 else []
        return "\n".join(head + items)

    def boilerplate(self):
        lines = self.nav(self.r.randint(5, 30))
        if self.r.random() < 0.7:
            lines += self.paragraphs(self.r.randint(2, 12))
        lines += self.r.sample(FOOTERS, self.r.randint(1, 5))
        lines += self.nav(self.r.randint(0, 15))
        return "\n".join(lines)

    def repetitive(self):
        k = self.r.random()
        if k < 0.3:  # repeated paragraph
            p = " ".join(self.sentences(self.r.randint(1, 4)))
            body = [p] * self.r.randint(2, 8) + self.paragraphs(self.r.randint(2, 20))
            self.r.shuffle(body)
            return "\n\n".join(body)
        if k < 0.6:  # repeated lines
            lines = self.sentences(self.r.randint(5, 30))
            dup = self.r.choice(lines)
            lines += [dup] * self.r.randint(1, 10)
            self.r.shuffle(lines)
            return "\n".join(lines)
        # spam template with repeated n-grams in one paragraph
        phrase = " ".join(self.r.choice(self.en).split()[: self.r.randint(2, 6)])
        parts = []
        for _ in range(self.r.randint(5, 40)):
            parts.append(phrase)
            parts.append(" ".join(self.r.choice(self.en).split()[: self.r.randint(1, 12)]))
        return " ".join(parts) + "."

    def code(self):
        c = self.r.choice(self.s["code"])
        if len(c) > 6000:
            i = self.r.randrange(len(c) - 3000)
            c = c[i : i + self.r.randint(500, 6000)]
        return c

    def lorem(self):
        paras = self.paragraphs(self.r.randint(5, 30))
        paras.insert(self.r.randrange(len(paras) + 1), LOREM)
        return "\n\n".join(paras)

    def social(self):
        out = []
        for _ in range(self.r.randint(3, 25)):
            s = self.r.choice(self.en)
            if self.r.random() < 0.5:
                s = s.rstrip(".") + "..."
            if self.r.random() < 0.5:
                s += " " + " ".join("#" + w.strip(".,!?").lower() for w in self.r.sample(s.split(), min(3, len(s.split()))))
            out.append(s)
        return "\n".join(out)

    def mixed(self):
        parts = [self.pick_simple()() for _ in range(self.r.randint(2, 4))]
        return "\n\n".join(parts)

    def huge(self):
        target = self.r.randint(1_000_000, 3_000_000)
        parts, size = [], 0
        while size < target:
            p = self.r.choice([self.wiki, self.stories, self.prose_en, self.web_page])()
            parts.append(p)
            size += len(p)
        return "\n\n".join(parts)

    def pick_simple(self):
        return self.r.choice([self.wiki, self.web_window, self.stories, self.prose_en, self.comments, self.bullet_list])

    # ---- light augmentations, applied independently
    def augment(self, t):
        r = self.r.random
        if r() < 0.10:
            t = "\n".join(self.nav(self.r.randint(3, 12))) + "\n" + t
        if r() < 0.15:
            t = t + "\n" + "\n".join(self.r.sample(FOOTERS, self.r.randint(1, 4)))
        if r() < 0.04:
            t = t.replace("\n", "\r\n")
        if r() < 0.05:
            t = "\n".join(ln + "  " for ln in t.split("\n"))
        if r() < 0.03:
            t = "\n\n" + t + "\n\n"
        return t


WEIGHTS = [
    ("wiki", 10), ("wikiraw", 3), ("web", 8), ("webwin", 8), ("story", 12), ("prose", 14),
    ("other", 8), ("comment", 6), ("short", 6), ("list", 5), ("boiler", 5), ("repet", 5),
    ("code", 2), ("lorem", 1), ("social", 3), ("mixed", 4),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=110.0, help="target size of the texts in MB")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    ap.add_argument("--huge", type=int, default=3, help="number of 1-3 MB documents")
    a = ap.parse_args()

    rng = random.Random(a.seed)
    g = Gen(load_sources(a.data), rng)
    fns = {
        "wiki": g.wiki, "wikiraw": g.wiki_raw, "web": g.web_page, "webwin": g.web_window,
        "story": g.stories, "prose": g.prose_en, "other": g.prose_other, "comment": g.comments,
        "short": g.short, "list": g.bullet_list, "boiler": g.boilerplate, "repet": g.repetitive,
        "code": g.code, "lorem": g.lorem, "social": g.social, "mixed": g.mixed,
    }
    names = [n for n, _ in WEIGHTS]
    weights = [w for _, w in WEIGHTS]
    target = int(a.mb * 1e6)
    total, n = 0, 0
    seen = set()
    with open(a.out, "w", encoding="utf-8") as fh:
        huge_at = sorted(rng.sample(range(1, 20000), a.huge))
        while total < target:
            if huge_at and n == huge_at[0]:
                huge_at.pop(0)
                kind, text = "huge", g.huge()
            else:
                kind = rng.choices(names, weights)[0]
                text = g.augment(fns[kind]())
            h = hashlib.md5(text.encode("utf-8")).digest()
            if not text.strip() or h in seen:
                continue
            seen.add(h)
            fh.write(json.dumps({"id": f"{kind}-{n:06d}", "text": text}, ensure_ascii=False) + "\n")
            total += len(text.encode("utf-8"))
            n += 1
    print(f"wrote {n} docs, {total / 1e6:.1f} MB of text to {a.out}")


if __name__ == "__main__":
    main()
