//! HTML to main text: the body of a web page without its boilerplate
//! (navigation, menus, headers and footers of the site, cookie banners,
//! share widgets, related-article lists, comment sections), with paragraphs,
//! headings, list items and table rows as lines, plus the page title and the
//! `<html lang>` declaration.
//!
//! Pure Rust on html5ever's tree builder ([`dom`]); no per-site rules. The
//! approach follows the rules trafilatura documents (our own code):
//!
//! 1. **Clean.** Elements that never hold main text are dropped (scripts,
//!    styles, `nav`, `aside`, `footer`, forms holding little of the page,
//!    embedded media, inputs, `time`, hidden elements: `hidden`,
//!    `aria-hidden="true"`, `display:none`). Then elements whose `class`,
//!    `id` or `role` name a boilerplate part of a page (see
//!    [`is_boilerplate`]), unless the element holds more than half of the
//!    page's text with few links (a wrapper, not a widget). Comment sections
//!    are set aside (see [`Options::comments`]).
//!    Blocks named as widgets (`widget`, `widget_events`: CMS sidebar boxes)
//!    go too unless they hold the article. A follow-up article after the
//!    page's own (another `<h1>` in a block of its own with a date or
//!    byline, after 500 characters of article text: infinite scroll) is
//!    dropped.
//! 2. **Find the main part** by the conventions pages use to mark it, from
//!    the most specific: an element named as an article's or post's body
//!    (`itemprop="articleBody"`, `class="entry-content"`, `post-body`,
//!    `story-body`, ...), the first `<article>`, then a `main`/`content`
//!    container. Without one, every paragraph-like element of the page is
//!    collected.
//! 3. **Compare with a content score** (the readability algorithm: text
//!    length and commas of paragraphs credited to their ancestors, discounted
//!    by link density, the best container plus its related siblings). The
//!    scored result replaces the first one when it is more than twice as
//!    long, or when the first has no paragraph text at all.
//!    A lead paragraph (standfirst) between the `<h1>` and the chosen
//!    container, outside both, is put in front (see `lead_before`).
//! 4. **Emit lines.** Inside the chosen part, blocks whose text is mostly
//!    links are dropped (link lists, tag clouds, "read more" teasers); a
//!    data table becomes `| cell | cell |` rows (a layout table is read as
//!    blocks); list items start with `- `; share-button lines ("Facebook",
//!    "Twitter", "Drucken", ...) and headings left at the end are dropped;
//!    whitespace is collapsed within a line without gluing words.
//! 5. **Short result** (< 250 characters): every paragraph of the cleaned
//!    page is taken instead, when that is longer.
//!
//! Entities are decoded by the parser; the input is a `&str`, so the output
//! is valid UTF-8 (bytes are decoded first with [`charset::decode`]).

pub mod charset;
pub mod dom;
pub mod prescan;

use std::borrow::Cow;

use dom::{Data, Dom, NONE};

/// What to keep besides paragraphs and headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Options {
    /// Append the page's comment section after the main text (trafilatura's
    /// default; ours is to drop comments as boilerplate).
    pub comments: bool,
    /// Keep data tables as `| a | b |` rows.
    pub tables: bool,
    /// Keep list items as `- item` lines.
    pub lists: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            comments: false,
            tables: true,
            lists: true,
        }
    }
}

/// The result of [`extract`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// Main text, one block per line; empty when the page has none.
    pub text: String,
    /// `<title>`, else `og:title`, else the first `<h1>`; whitespace collapsed.
    pub title: Option<String>,
    /// `<html lang>` (or `xml:lang`, or `<meta http-equiv="content-language">`), trimmed.
    pub lang: Option<String>,
}

/// Extract the main text, title and declared language of an HTML page.
pub fn extract(html: &str, opts: &Options) -> Extracted {
    let dom = Dom::parse(&prescan::strip(html));
    Page::new(&dom, *opts).run()
}

/// Below this many characters an extraction counts as short (trafilatura's
/// MIN_EXTRACTED_SIZE).
const MIN_EXTRACTED: usize = 250;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum K {
    /// Not an element we know: inline.
    Inline,
    Text,
    /// Comments, doctype, document.
    NotText,
    /// Never holds main text.
    Drop,
    /// A line boundary.
    Block,
    P,
    Heading,
    Li,
    List,
    Table,
    Tr,
    Cell,
    Br,
    A,
    Pre,
    Quote,
    Form,
    /// `nav`, `aside`, `footer`: page chrome unless it wraps the page.
    Chrome,
    Figure,
    Title,
}

fn kind_of(tag: &str) -> K {
    match tag {
        "p" => K::P,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => K::Heading,
        "li" | "dt" | "dd" => K::Li,
        "ul" | "ol" | "dl" | "menu" => K::List,
        "table" => K::Table,
        "tr" => K::Tr,
        "td" | "th" => K::Cell,
        "br" | "hr" => K::Br,
        "a" => K::A,
        "pre" | "code" | "listing" | "xmp" => K::Pre,
        "blockquote" | "q" => K::Quote,
        "form" => K::Form,
        "nav" | "aside" | "footer" => K::Chrome,
        "figure" => K::Figure,
        "title" => K::Title,
        "div" | "section" | "article" | "main" | "header" | "hgroup" | "address" | "center"
        | "caption" | "figcaption" | "details" | "summary" | "body" | "html" | "tbody"
        | "thead" | "tfoot" | "fieldset" | "dir" | "frameset" => K::Block,
        "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object"
        | "embed" | "applet" | "canvas" | "video" | "audio" | "map" | "area" | "button"
        | "select" | "option" | "optgroup" | "input" | "textarea" | "label" | "legend"
        | "datalist" | "dialog" | "menuitem" | "link" | "meta" | "source" | "track" | "picture"
        | "frame" | "noindex" | "output" | "progress" | "param" | "rp" | "rt" | "rtc" | "time"
        | "head" | "base" | "img" | "marquee" | "blink" | "fencedframe" | "search" => K::Drop,
        _ => K::Inline,
    }
}

/// Per-node facts, indexed by node id.
struct Page<'a> {
    dom: &'a Dom,
    opts: Options,
    kind: Vec<K>,
    /// Removed before the main text is looked for.
    dead: Vec<bool>,
    /// Comment sections (set aside; dead for the main text).
    comment: Vec<bool>,
    /// Non-whitespace characters of live text in the subtree.
    text: Vec<u32>,
    /// Of those, inside links.
    link: Vec<u32>,
    /// Links with text, and those with fewer than 10 characters.
    nlinks: Vec<u32>,
    short_links: Vec<u32>,
    /// Characters inside `<p>` elements.
    ptext: Vec<u32>,
    /// Commas (`,`, `，`, `、`) in live text.
    commas: Vec<u32>,
    /// Non-whitespace characters and commas of each text node (computed once).
    own_text: Vec<u32>,
    own_commas: Vec<u32>,
    /// Dead, or (after `stats(true)`) in a comment section, itself or by an ancestor.
    off: Vec<bool>,
    /// Preorder of the whole document.
    order: Vec<u32>,
    body: u32,
}

/// Characters other than ASCII whitespace, and commas (`,`, `，`, `、`), in
/// one pass over the bytes.
fn count_text(s: &str) -> (u32, u32) {
    let b = s.as_bytes();
    let (mut chars, mut commas) = (0u32, 0u32);
    for (i, &c) in b.iter().enumerate() {
        // Not a UTF-8 continuation byte, not ASCII whitespace.
        if c & 0xC0 != 0x80 && !c.is_ascii_whitespace() {
            chars += 1;
        }
        match c {
            b',' => commas += 1,
            0xEF if b.get(i + 1..i + 3) == Some(&[0xBC, 0x8C]) => commas += 1,
            0xE3 if b.get(i + 1..i + 3) == Some(&[0x80, 0x81]) => commas += 1,
            _ => {}
        }
    }
    (chars, commas)
}

impl<'a> Page<'a> {
    fn new(dom: &'a Dom, opts: Options) -> Self {
        let n = dom.nodes.len();
        let order = dom.preorder(0);
        let kind: Vec<K> = dom
            .nodes
            .iter()
            .map(|node| match &node.data {
                Data::Element { name, .. } => kind_of(&name.local),
                Data::Text(_) => K::Text,
                _ => K::NotText,
            })
            .collect();
        let body = order
            .iter()
            .copied()
            .find(|&i| dom.tag(i).is_some_and(|t| &**t == "body"))
            .unwrap_or(0);
        // Text of scripts and styles never counts: not even measured.
        let (own_text, own_commas) = dom
            .nodes
            .iter()
            .map(|node| match &node.data {
                Data::Text(t) if node.parent == NONE || kind[node.parent as usize] != K::Drop => {
                    count_text(t)
                }
                _ => (0, 0),
            })
            .unzip();
        Page {
            dom,
            opts,
            own_text,
            own_commas,
            kind,
            dead: vec![false; n],
            comment: vec![false; n],
            text: vec![0; n],
            link: vec![0; n],
            nlinks: vec![0; n],
            short_links: vec![0; n],
            ptext: vec![0; n],
            commas: vec![0; n],
            off: vec![false; n],
            order,
            body,
        }
    }

    fn parent(&self, i: u32) -> u32 {
        self.dom.nodes[i as usize].parent
    }

    fn tag(&self, i: u32) -> &str {
        self.dom.tag(i).map(|t| &**t).unwrap_or("")
    }

    /// Text statistics over nodes that are not dead (nor, with
    /// `skip_comments`, in a comment section).
    fn stats(&mut self, skip_comments: bool) {
        let n = self.dom.nodes.len();
        let mut in_link = vec![false; n];
        let mut off = std::mem::take(&mut self.off);
        off.iter_mut().for_each(|x| *x = false);
        for &i in &self.order {
            let p = self.parent(i);
            let (pl, po) = if p == NONE {
                (false, false)
            } else {
                (in_link[p as usize], off[p as usize])
            };
            let iu = i as usize;
            in_link[iu] = pl || self.kind[iu] == K::A;
            off[iu] = po || self.dead[iu] || (skip_comments && self.comment[iu]);
        }
        for v in [
            &mut self.text,
            &mut self.link,
            &mut self.nlinks,
            &mut self.short_links,
            &mut self.ptext,
            &mut self.commas,
        ] {
            v.iter_mut().for_each(|x| *x = 0);
        }
        for &i in self.order.iter().rev() {
            let iu = i as usize;
            if off[iu] {
                continue;
            }
            if self.kind[iu] == K::Text {
                let c = self.own_text[iu];
                self.text[iu] = c;
                self.commas[iu] = self.own_commas[iu];
                if in_link[iu] {
                    self.link[iu] = c;
                }
            }
            match self.kind[iu] {
                K::A if self.text[iu] > 0 => {
                    self.nlinks[iu] += 1;
                    if self.text[iu] < 10 {
                        self.short_links[iu] += 1;
                    }
                }
                K::P => self.ptext[iu] = self.text[iu],
                _ => {}
            }
            let p = self.parent(i);
            if p != NONE {
                let pu = p as usize;
                self.text[pu] += self.text[iu];
                self.link[pu] += self.link[iu];
                self.nlinks[pu] += self.nlinks[iu];
                self.short_links[pu] += self.short_links[iu];
                self.ptext[pu] += self.ptext[iu];
                self.commas[pu] += self.commas[iu];
            }
        }
        self.off = off;
    }

    fn run(mut self) -> Extracted {
        let title = self.title();
        let lang = self.lang();
        if self.is_feed() {
            return Extracted {
                text: String::new(),
                title,
                lang,
            };
        }
        self.clean_tags();
        let tags_only = self.dead.clone();
        self.clean_classes();
        self.drop_follow_up_articles();
        let mut text = self.main_text();
        if text.len() < MIN_EXTRACTED {
            // Class and id names misled us (a lead paragraph in a `teaser`
            // block, a whole article in a `has-ads` wrapper): try without them.
            let with_classes = std::mem::replace(&mut self.dead, tags_only);
            self.stats(true);
            let plain = self.main_text();
            if plain.len() > text.len() {
                text = plain;
            } else {
                self.dead = with_classes;
                self.stats(true);
            }
        }
        let text = if self.opts.comments {
            let c = self.comments_text();
            match (text.is_empty(), c.is_empty()) {
                (_, true) => text,
                (true, false) => c,
                (false, false) => text + "\n" + &c,
            }
        } else {
            text
        };
        Extracted { text, title, lang }
    }

    // ---------------------------------------------------------------- metadata

    /// An RSS/Atom feed or a sitemap served as a page: no main text.
    fn is_feed(&self) -> bool {
        self.dom
            .children(self.body)
            .find(|&c| self.dom.tag(c).is_some())
            .is_some_and(|c| {
                matches!(
                    self.tag(c),
                    "rss" | "feed" | "rdf:rdf" | "urlset" | "sitemapindex"
                )
            })
    }

    fn collapsed_text(&self, root: u32) -> String {
        let mut s = String::new();
        for i in self.dom.preorder(root) {
            if let Data::Text(t) = &self.dom.nodes[i as usize].data {
                push_collapsed(&mut s, t);
            }
        }
        s.trim().to_string()
    }

    fn title(&self) -> Option<String> {
        let nonempty = |s: String| (!s.is_empty()).then_some(s);
        let svg_depth = |i: u32| {
            let mut p = self.parent(i);
            while p != NONE {
                if self.tag(p) == "svg" {
                    return true;
                }
                p = self.parent(p);
            }
            false
        };
        if let Some(t) = self
            .order
            .iter()
            .find(|&&i| self.kind[i as usize] == K::Title && !svg_depth(i))
        {
            if let Some(s) = nonempty(self.collapsed_text(*t)) {
                return Some(s);
            }
        }
        for &i in &self.order {
            if self.tag(i) == "meta"
                && self
                    .dom
                    .attr(i, "property")
                    .is_some_and(|p| p.eq_ignore_ascii_case("og:title"))
            {
                if let Some(c) = self.dom.attr(i, "content") {
                    let mut s = String::new();
                    push_collapsed(&mut s, c);
                    if let Some(s) = nonempty(s.trim().to_string()) {
                        return Some(s);
                    }
                }
            }
        }
        self.order
            .iter()
            .find(|&&i| self.tag(i) == "h1")
            .and_then(|&h| nonempty(self.collapsed_text(h)))
    }

    fn lang(&self) -> Option<String> {
        let clean = |s: &str| {
            let s = s.trim();
            (!s.is_empty() && s.len() <= 35).then(|| s.to_string())
        };
        let html = self.order.iter().find(|&&i| self.tag(i) == "html");
        if let Some(&h) = html {
            for a in ["lang", "xml:lang"] {
                if let Some(v) = self.dom.attr(h, a).and_then(clean) {
                    return Some(v);
                }
            }
        }
        self.order.iter().find_map(|&i| {
            (self.tag(i) == "meta"
                && self
                    .dom
                    .attr(i, "http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("content-language")))
            .then(|| self.dom.attr(i, "content").and_then(clean))
            .flatten()
        })
    }

    // ---------------------------------------------------------------- cleaning

    fn hidden(&self, i: u32) -> bool {
        if self.dom.attr(i, "hidden").is_some() {
            return true;
        }
        if self
            .dom
            .attr(i, "aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        {
            return true;
        }
        if let Some(s) = self.dom.attr(i, "style") {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if s.contains("display:none") || s.contains("visibility:hidden") {
                return true;
            }
        }
        false
    }

    /// Elements that never hold main text, hidden ones, small forms.
    fn clean_tags(&mut self) {
        // 1. Tags that never hold main text, hidden elements.
        for idx in 0..self.order.len() {
            let i = self.order[idx];
            let iu = i as usize;
            let k = self.kind[iu];
            let never_text = k == K::Drop || (k == K::Figure && !self.has_descendant(i, K::Table));
            let hidden = !matches!(k, K::Text | K::NotText) && i != self.body && self.hidden(i);
            if never_text || hidden {
                self.dead[iu] = true;
            }
        }
        self.stats(false);
        // 2. Forms, `nav`, `aside`, `footer`: one holding most of the page's
        // text (few links) is a layout wrapper (ASP.NET forms, an article
        // inside an `aside`); the others are search boxes, logins, menus.
        let total = self.text[self.body as usize];
        for idx in 0..self.order.len() {
            let i = self.order[idx];
            let iu = i as usize;
            let wrapper = self.text[iu] * 2 > total && self.link[iu] * 2 < self.text[iu];
            let k = self.kind[iu];
            if (k == K::Form && !wrapper) || (k == K::Chrome && !wrapper && !self.holds_article(i))
            {
                self.dead[iu] = true;
            }
        }
        self.stats(false);
    }

    /// Boilerplate and comment sections by class, id and role.
    fn clean_classes(&mut self) {
        let total = self.text[self.body as usize];
        let mut marks = vec![];
        for &i in &self.order {
            let iu = i as usize;
            if self.dead[iu]
                || !matches!(
                    self.kind[iu],
                    K::Block | K::P | K::List | K::Li | K::Table | K::Inline | K::Form | K::Chrome
                )
                || i == self.body
                || matches!(self.tag(i), "body" | "html" | "main" | "article")
            {
                continue;
            }
            let class = self.dom.attr(i, "class").unwrap_or("");
            let id = self.dom.attr(i, "id").unwrap_or("");
            let role = self.dom.attr(i, "role").unwrap_or("");
            if class.is_empty() && id.is_empty() && role.is_empty() {
                continue;
            }
            let wrapper = self.text[iu] * 2 > total && self.link[iu] * 2 < self.text[iu];
            if is_comment_section(class, id) && !self.holds_article(i) {
                marks.push((i, true));
            } else if (is_boilerplate(class, id, role) && !wrapper)
                || (is_widget(class, id) && !wrapper && !self.holds_article(i))
            {
                marks.push((i, false));
            }
        }
        for (i, is_comment) in marks {
            if is_comment {
                self.comment[i as usize] = true;
            } else {
                self.dead[i as usize] = true;
            }
        }
        self.stats(true);
    }

    /// Infinite scroll and "next article" blocks: after the page's article,
    /// a block of its own that starts with another `<h1>` and carries a date
    /// or byline is another article, and is dropped. The first `<h1>` must be
    /// followed by article text (500 characters) before that block, so a
    /// site logo in an `<h1>` does not count as the article.
    fn drop_follow_up_articles(&mut self) {
        let h1s: Vec<u32> = self
            .order
            .iter()
            .copied()
            .filter(|&i| self.tag(i) == "h1" && self.text[i as usize] > 0 && self.live(i))
            .collect();
        if h1s.len() < 2 {
            return;
        }
        let n = self.dom.nodes.len();
        let first = h1s[0];
        let mut holds_first = vec![false; n];
        let mut a = first;
        while a != NONE {
            holds_first[a as usize] = true;
            a = self.parent(a);
        }
        let mut pos = vec![0usize; n];
        for (k, &i) in self.order.iter().enumerate() {
            pos[i as usize] = k;
        }
        for &h in &h1s[1..] {
            if !self.live(h) {
                continue;
            }
            let mut x = h;
            while self.parent(x) != NONE && !holds_first[self.parent(x) as usize] {
                x = self.parent(x);
            }
            let xu = x as usize;
            if x == self.body || self.text[xu] < 500 || !self.has_date_or_byline(x) {
                continue;
            }
            let between: u32 = self.order[pos[first as usize]..pos[xu]]
                .iter()
                .filter(|&&i| self.kind[i as usize] == K::Text && self.live(i))
                .map(|&i| self.text[i as usize])
                .sum();
            if between < 500 {
                continue;
            }
            self.dead[xu] = true;
            self.stats(true);
        }
    }

    /// A `<time>` element, or a class, id or itemprop naming a date or an
    /// author, in the subtree.
    fn has_date_or_byline(&self, root: u32) -> bool {
        self.dom.preorder(root).into_iter().any(|i| {
            self.tag(i) == "time"
                || ["class", "id", "itemprop"].iter().any(|a| {
                    self.dom.attr(i, a).is_some_and(|v| {
                        parts(v).any(|p| {
                            matches!(
                                &*p,
                                "date"
                                    | "byline"
                                    | "author"
                                    | "published"
                                    | "posted"
                                    | "dateline"
                                    | "datepublished"
                                    | "pubdate"
                                    | "timestamp"
                            )
                        })
                    })
                })
        })
    }

    /// The lead paragraph (standfirst) of an article: page structure often
    /// puts it between the `<h1>` and the container of the body, outside
    /// both. Walking back from `root` (and up to four ancestors), blocks
    /// that read as a lead (a `<p>` or a block named `lead`, `intro`,
    /// `standfirst`, ... with 50+ characters and few links) are collected
    /// until the `<h1>` is met; small other blocks (bylines, dates, share
    /// bars) are stepped over; a larger other block, or no `<h1>`, gives
    /// nothing.
    fn lead_before(&self, root: u32) -> Vec<u32> {
        if self.has_tag(root, "h1") {
            return vec![];
        }
        let mut leads = vec![];
        let mut node = root;
        for _ in 0..5 {
            let mut prev = self.prev_element(node);
            let mut steps = 0;
            while prev != NONE && steps < 6 {
                let pu = prev as usize;
                if self.live(prev) && self.text[pu] > 0 {
                    if self.tag(prev) == "h1" || self.has_tag(prev, "h1") {
                        // Leads after the title inside the same block.
                        let inner = self.dom.preorder(prev);
                        let at = inner
                            .iter()
                            .position(|&i| self.tag(i) == "h1")
                            .unwrap_or(inner.len());
                        let mut found: Vec<u32> = vec![];
                        for &i in &inner[at..] {
                            if self.is_lead(i) && !found.iter().any(|&f| self.is_ancestor(f, i)) {
                                found.push(i);
                            }
                        }
                        leads.reverse();
                        found.extend(leads);
                        return found;
                    }
                    if self.is_lead(prev) {
                        leads.push(prev);
                    } else if self.text[pu] > 200 {
                        return vec![];
                    }
                    steps += 1;
                }
                prev = self.prev_element(prev);
            }
            node = self.parent(node);
            if node == NONE || node == self.body {
                break;
            }
        }
        vec![]
    }

    fn is_lead(&self, i: u32) -> bool {
        let iu = i as usize;
        let (t, l) = (self.text[iu], self.link[iu]);
        if !self.live(i) || !(50..=1500).contains(&t) || l * 5 > t {
            return false;
        }
        match self.kind[iu] {
            K::P => true,
            K::Block => {
                !self.has_descendant(i, K::List)
                    && !self.has_descendant(i, K::Table)
                    && ["class", "id"].iter().any(|a| {
                        self.dom.attr(i, a).is_some_and(|v| {
                            parts(v).any(|p| {
                                matches!(
                                    &*p,
                                    "lead"
                                        | "intro"
                                        | "standfirst"
                                        | "summary"
                                        | "excerpt"
                                        | "deck"
                                        | "dek"
                                        | "subtitle"
                                        | "subheadline"
                                        | "description"
                                        | "abstract"
                                )
                            })
                        })
                    })
            }
            _ => false,
        }
    }

    fn is_ancestor(&self, a: u32, mut i: u32) -> bool {
        while i != NONE {
            if i == a {
                return true;
            }
            i = self.parent(i);
        }
        false
    }

    fn has_tag(&self, root: u32, tag: &str) -> bool {
        let mut stack: Vec<u32> = self.dom.children(root).collect();
        while let Some(n) = stack.pop() {
            if self.tag(n) == tag {
                return true;
            }
            stack.extend(self.dom.children(n));
        }
        false
    }

    fn prev_element(&self, i: u32) -> u32 {
        let mut s = self.dom.nodes[i as usize].prev;
        while s != NONE {
            if self.dom.tag(s).is_some() {
                return s;
            }
            s = self.dom.nodes[s as usize].prev;
        }
        NONE
    }

    /// An element holding a page's `<h1>` or an `itemprop="articleBody"`:
    /// an `aside` like that is no sidebar.
    fn holds_article(&self, root: u32) -> bool {
        let mut stack: Vec<u32> = self.dom.children(root).collect();
        while let Some(n) = stack.pop() {
            if self.tag(n) == "h1"
                || self
                    .dom
                    .attr(n, "itemprop")
                    .is_some_and(|p| p.split_whitespace().any(|w| w == "articleBody"))
            {
                return true;
            }
            stack.extend(self.dom.children(n));
        }
        false
    }

    fn has_descendant(&self, root: u32, k: K) -> bool {
        let mut stack: Vec<u32> = self.dom.children(root).collect();
        while let Some(n) = stack.pop() {
            if self.kind[n as usize] == k {
                return true;
            }
            stack.extend(self.dom.children(n));
        }
        false
    }

    // ---------------------------------------------------------------- main text

    fn live(&self, i: u32) -> bool {
        !self.off[i as usize]
    }

    /// The first live element (document order) that `pred` accepts and that
    /// has text.
    fn first_where(&self, pred: impl Fn(&Self, u32) -> bool) -> Option<u32> {
        self.order.iter().copied().find(|&i| {
            self.text[i as usize] > 0
                && matches!(self.kind[i as usize], K::Block | K::Inline)
                && pred(self, i)
                && self.live(i)
        })
    }

    fn main_text(&mut self) -> String {
        let body = self.body;
        // Convention-marked containers, most specific first.
        type Level<'x, 'p> = &'x dyn Fn(&Page<'p>, u32) -> bool;
        let levels: [Level<'_, 'a>; 3] = [
            &|p, i| {
                matches!(p.tag(i), "div" | "article" | "main" | "section")
                    && is_article_body(
                        p.dom.attr(i, "class").unwrap_or(""),
                        p.dom.attr(i, "id").unwrap_or(""),
                        p.dom.attr(i, "itemprop").unwrap_or(""),
                    )
            },
            &|p, i| p.tag(i) == "article",
            &|p, i| {
                matches!(p.tag(i), "div" | "article" | "main" | "section")
                    && (p.tag(i) == "main"
                        || is_main_container(
                            p.dom.attr(i, "class").unwrap_or(""),
                            p.dom.attr(i, "id").unwrap_or(""),
                            p.dom.attr(i, "role").unwrap_or(""),
                        ))
            },
        ];
        let mut own: Option<Lines> = None;
        let mut own_root = NONE;
        let mut strong = false;
        for (li, level) in levels.into_iter().enumerate() {
            if let Some(root) = self.first_where(level) {
                let mut out = Lines::default();
                self.emit(root, &mut out, false);
                out.finish();
                if out.lines.len() > 1 {
                    own = Some(out);
                    own_root = root;
                    strong = li < 2;
                    break;
                }
            }
        }
        let own = own.unwrap_or_else(|| {
            // No marked container: every paragraph-like block of the page.
            let mut out = Lines::default();
            self.emit(body, &mut out, true);
            out.finish();
            out
        });
        let (scored, scored_first) = self.readability();
        let (lo, ls) = (own.chars(), scored.chars());

        let use_scored = ls > 0
            && ls != lo
            && ((lo <= 2 * ls
                && (lo == 0 || ls > 2 * lo || (ls > 2 * MIN_EXTRACTED && own.ptext == 0)))
                || (!strong && ls > 2 * MIN_EXTRACTED));
        let start = if use_scored { scored_first } else { own_root };
        let mut best = if use_scored { scored } else { own };
        if start != NONE {
            let leads = self.lead_before(start);
            if !leads.is_empty() {
                let mut out = Lines::default();
                for l in leads {
                    self.emit(l, &mut out, false);
                }
                out.end_line(LineKind::Text);
                out.lines.append(&mut best.lines);
                out.kinds.append(&mut best.kinds);
                out.ptext += best.ptext;
                best = out;
            }
        }
        if best.chars() < MIN_EXTRACTED {
            // Every paragraph of the cleaned page, when that says more.
            let mut wild = Lines::default();
            self.emit(body, &mut wild, true);
            wild.finish();
            if wild.chars() > best.chars() {
                best = wild;
            }
        }
        best.lines.join("\n")
    }

    /// Readability's content score: paragraphs credit their ancestors; the
    /// best container, discounted by link density, plus its siblings that
    /// score well or read as prose.
    fn readability(&self) -> (Lines, u32) {
        let n = self.dom.nodes.len();
        let mut score = vec![0f32; n];
        let mut init = vec![false; n];
        let mut cands: Vec<u32> = vec![];
        for &i in &self.order {
            let iu = i as usize;
            let t = self.text[iu];
            if t < 25 || !self.para_like(i) || !self.live(i) {
                continue;
            }
            let s = 1.0 + self.commas[iu] as f32 + (t as f32 / 100.0).min(3.0);
            let mut a = self.parent(i);
            let mut level = 0;
            while a != NONE && level < 5 {
                let au = a as usize;
                if !matches!(
                    self.kind[au],
                    K::Block | K::Inline | K::Cell | K::Li | K::List
                ) {
                    break;
                }
                if !init[au] {
                    init[au] = true;
                    score[au] = self.base_score(a);
                    cands.push(a);
                }
                score[au] += match level {
                    0 => s,
                    1 => s / 2.0,
                    l => s / (l as f32 * 3.0),
                };
                a = self.parent(a);
                level += 1;
            }
        }
        let fin = |i: u32| {
            let iu = i as usize;
            let ld = if self.text[iu] == 0 {
                0.0
            } else {
                self.link[iu] as f32 / self.text[iu] as f32
            };
            score[iu] * (1.0 - ld)
        };
        let mut out = Lines::default();
        let Some(&top) = cands
            .iter()
            .max_by(|&&a, &&b| fin(a).total_cmp(&fin(b)).then(b.cmp(&a)))
        else {
            return (out, NONE);
        };
        let top_score = fin(top);

        let threshold = (top_score * 0.2).max(10.0);
        let parent = self.parent(top);
        let siblings: Vec<u32> = if parent == NONE || top == self.body {
            vec![top]
        } else {
            self.dom.children(parent).collect()
        };
        let mut first = NONE;
        for s in siblings {
            let su = s as usize;
            if self.text[su] == 0 || !self.live(s) {
                continue;
            }
            let t = self.text[su];
            let ld = self.link[su] as f32 / t as f32;
            let keep = s == top
                || (init[su] && fin(s) >= threshold)
                || (self.kind[su] == K::P && ((t > 80 && ld < 0.25) || (t > 30 && ld == 0.0)));
            if keep {
                if first == NONE {
                    first = s;
                }
                self.emit(s, &mut out, false);
            }
        }
        out.finish();
        (out, first)
    }

    fn base_score(&self, i: u32) -> f32 {
        let tag = match self.tag(i) {
            "div" | "article" | "section" | "main" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        tag + class_weight(
            self.dom.attr(i, "class").unwrap_or(""),
            self.dom.attr(i, "id").unwrap_or(""),
        )
    }

    /// Paragraphs, and blocks that hold text but no other blocks.
    fn para_like(&self, i: u32) -> bool {
        match self.kind[i as usize] {
            K::P | K::Pre | K::Quote => true,
            K::Cell | K::Block => !self.dom.children(i).any(|c| {
                matches!(
                    self.kind[c as usize],
                    K::Block | K::P | K::List | K::Table | K::Heading | K::Pre | K::Quote
                ) && self.text[c as usize] > 0
            }),
            _ => false,
        }
    }

    /// A block made mostly of links (menus, tag clouds, teaser lists).
    fn link_dense(&self, i: u32) -> bool {
        let iu = i as usize;
        let (t, l, k) = (self.text[iu], self.link[iu], self.nlinks[iu]);
        if k == 0 || t == 0 {
            return false;
        }
        if k == 1 && l > 100 && l as f32 > t as f32 * 0.9 {
            return true;
        }
        let last = self.next_element(i) == NONE;
        let limit = match (self.kind[iu], last) {
            (K::P, true) => 60,
            (K::P, false) => 30,
            (_, true) => 300,
            (_, false) => 100,
        };
        if t < limit {
            return l as f32 > t as f32 * 0.8
                || (k > 1 && self.short_links[iu] as f32 / k as f32 > 0.8);
        }
        k > 4 && l as f32 > t as f32 * 0.9 && l < 100 * k
    }

    fn next_element(&self, i: u32) -> u32 {
        let mut s = self.dom.nodes[i as usize].next;
        while s != NONE {
            if self.dom.tag(s).is_some() {
                return s;
            }
            s = self.dom.nodes[s as usize].next;
        }
        NONE
    }

    /// A table that lays out the page rather than holding data.
    fn layout_table(&self, t: u32) -> bool {
        let tu = t as usize;
        if self.ptext[tu] * 2 > self.text[tu] {
            return true;
        }
        let mut stack: Vec<u32> = self.dom.children(t).collect();
        while let Some(n) = stack.pop() {
            let nu = n as usize;
            match self.kind[nu] {
                K::Table => return true,
                K::Cell if self.text[nu] > 800 => return true,
                K::Block | K::List | K::Heading
                    if self.text[nu] > 200 && self.tag(n) != "tbody" && self.tag(n) != "thead" =>
                {
                    return true
                }
                _ => stack.extend(self.dom.children(n)),
            }
        }
        false
    }

    fn table_link_dense(&self, t: u32) -> bool {
        let tu = t as usize;
        let (len, l) = (self.text[tu], self.link[tu]);
        if len < 200 || l == 0 {
            return false;
        }
        if len < 1000 {
            l as f32 > 0.8 * len as f32
        } else {
            l as f32 > 0.5 * len as f32
        }
    }

    /// Emit the lines of the subtree at `i`. `wild`: only paragraph-like
    /// blocks count (text directly in containers is skipped).
    fn emit(&self, i: u32, out: &mut Lines, wild: bool) {
        let iu = i as usize;
        if self.dead[iu] || self.comment[iu] {
            return;
        }
        match self.kind[iu] {
            K::Text => {
                if !wild || out.in_para > 0 {
                    if let Data::Text(t) = &self.dom.nodes[iu].data {
                        out.push_text(t);
                    }
                }
            }
            K::NotText | K::Drop | K::Title => {}
            K::Br => out.newline(),
            K::Table => {
                if !self.opts.tables && !self.layout_table(i) {
                    return;
                }
                if self.table_link_dense(i) {
                    return;
                }
                if self.layout_table(i) {
                    out.block_start();
                    self.children(i, out, wild);
                    out.block_end(LineKind::Text);
                } else {
                    self.emit_table(i, out);
                }
            }
            K::List => {
                if !self.opts.lists || self.link_dense(i) {
                    return;
                }
                out.block_start();
                self.children(i, out, wild);
                out.block_end(LineKind::Text);
            }
            K::Li => {
                if self.link_dense(i) && self.kind[self.parent(i) as usize] != K::List {
                    return;
                }
                out.block_start();
                out.in_para += 1;
                out.cur.push_str("- ");
                out.prefix = 2;
                self.children(i, out, wild);
                out.in_para -= 1;
                out.block_end(LineKind::Text);
                // An item without text leaves no marker behind.
                out.cur.clear();
                out.prefix = 0;
            }
            K::Heading => {
                out.block_start();
                out.in_para += 1;
                self.children(i, out, wild);
                out.in_para -= 1;
                out.block_end(LineKind::Heading);
            }
            K::P | K::Pre | K::Quote => {
                if self.kind[iu] == K::P && self.link_dense(i) {
                    let p = self.parent(i);
                    if p == NONE || !matches!(self.kind[p as usize], K::Li | K::Cell) {
                        return;
                    }
                }
                if self.kind[iu] == K::Pre && out.in_para > 0 {
                    // inline <code>
                    self.children(i, out, wild);
                    return;
                }
                out.block_start();
                out.in_para += 1;
                self.children(i, out, wild);
                out.in_para -= 1;
                out.block_end(LineKind::Text);
                if self.kind[iu] == K::P {
                    out.ptext += self.text[iu];
                }
            }
            K::Block | K::Form | K::Chrome | K::Figure | K::Tr | K::Cell => {
                if matches!(self.tag(i), "div" | "section") && self.link_dense(i) {
                    return;
                }
                out.block_start();
                self.children(i, out, wild);
                out.block_end(LineKind::Text);
            }
            K::A | K::Inline => self.children(i, out, wild),
        }
    }

    fn children(&self, i: u32, out: &mut Lines, wild: bool) {
        let mut c = self.dom.nodes[i as usize].first_child;
        while c != NONE {
            self.emit(c, out, wild);
            c = self.dom.nodes[c as usize].next;
        }
    }

    fn emit_table(&self, t: u32, out: &mut Lines) {
        out.block_start();
        let mut rows: Vec<Vec<String>> = vec![];
        let mut header = false;
        let mut stack: Vec<u32> = self.dom.children(t).collect();
        stack.reverse();
        while let Some(n) = stack.pop() {
            let nu = n as usize;
            if self.dead[nu] || self.comment[nu] {
                continue;
            }
            match self.kind[nu] {
                K::Tr => {
                    let mut cells = vec![];
                    for c in self.dom.children(n) {
                        if self.kind[c as usize] == K::Cell && !self.dead[c as usize] {
                            if rows.is_empty() && self.tag(c) == "th" {
                                header = true;
                            }
                            let mut cell = Lines {
                                in_para: 1,
                                ..Default::default()
                            };
                            self.children(c, &mut cell, false);
                            cell.finish();
                            cells.push(cell.lines.join(" "));
                        }
                    }
                    if cells.iter().any(|c| !c.is_empty()) {
                        rows.push(cells);
                    }
                }
                K::Table => {}
                _ => {
                    let mut ch: Vec<u32> = self.dom.children(n).collect();
                    ch.reverse();
                    stack.extend(ch);
                }
            }
        }
        for (r, cells) in rows.iter().enumerate() {
            let mut line = String::from("|");
            for c in cells {
                line.push(' ');
                line.push_str(c);
                line.push_str(" |");
            }
            out.lines.push(line);
            out.kinds.push(LineKind::Text);
            if r == 0 && header {
                out.lines
                    .push(format!("|{}", "---|".repeat(cells.len().max(1))));
                out.kinds.push(LineKind::Text);
            }
        }
        out.block_end(LineKind::Text);
    }

    // ---------------------------------------------------------------- comments

    fn comments_text(&mut self) -> String {
        // Outermost comment sections not inside removed parts, in order.
        let roots: Vec<u32> = self
            .order
            .iter()
            .copied()
            .filter(|&i| {
                self.comment[i as usize] && {
                    let mut a = self.parent(i);
                    let mut ok = true;
                    while a != NONE {
                        if self.comment[a as usize] || self.dead[a as usize] {
                            ok = false;
                            break;
                        }
                        a = self.parent(a);
                    }
                    ok
                }
            })
            .collect();
        if roots.is_empty() {
            return String::new();
        }
        // Inside the sections, the marks of nested parts are lifted.
        for &r in &roots {
            for i in self.dom.preorder(r) {
                self.comment[i as usize] = false;
            }
        }
        self.stats(true);
        let mut out = Lines::default();
        for r in roots {
            self.emit(r, &mut out, false);
        }
        out.finish();
        out.lines.join("\n")
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum LineKind {
    Text,
    Heading,
}

/// Lines being built: whitespace is collapsed as text arrives.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    kinds: Vec<LineKind>,
    cur: String,
    /// Length of a `- ` list marker at the start of `cur`.
    prefix: usize,
    /// Inside a paragraph-like block (text counts in `wild` mode).
    in_para: u32,
    /// Characters of `<p>` text emitted.
    ptext: u32,
}

impl Lines {
    fn push_text(&mut self, t: &str) {
        push_collapsed(&mut self.cur, t);
    }

    fn newline(&mut self) {
        self.end_line(LineKind::Text);
    }

    fn block_start(&mut self) {
        self.end_line(LineKind::Text);
    }

    fn block_end(&mut self, kind: LineKind) {
        self.end_line(kind);
    }

    fn end_line(&mut self, kind: LineKind) {
        let body = self.cur[self.prefix.min(self.cur.len())..].trim();
        if body.is_empty() && self.prefix > 0 {
            // A list marker waits for the item's first text.
            return;
        }
        if !body.is_empty() && !is_share_line(body) {
            let line = if self.prefix > 0 {
                format!("- {body}")
            } else {
                body.to_string()
            };
            self.lines.push(line);
            self.kinds.push(kind);
        }
        self.cur.clear();
        self.prefix = 0;
    }

    /// Trailing headings go; repeated long lines go.
    fn finish(&mut self) {
        self.end_line(LineKind::Text);
        while self.kinds.last() == Some(&LineKind::Heading) {
            self.kinds.pop();
            self.lines.pop();
        }
        let mut keep = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.iter().enumerate() {
            keep.push(!(i > 0 && l.chars().count() > 50 && *l == self.lines[i - 1]));
        }
        let mut k = keep.into_iter();
        self.lines.retain(|_| k.next().unwrap());
    }

    fn chars(&self) -> usize {
        self.lines.iter().map(|l| l.len()).sum()
    }
}

/// Append `t` to `s` with every run of whitespace as one space, never two
/// spaces in a row and no space at the start; soft hyphens and zero-width
/// spaces dropped.
fn push_collapsed(s: &mut String, t: &str) {
    let mut space = s.is_empty() || s.ends_with(' ');
    for c in t.chars() {
        if matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}') {
            // Soft hyphens and zero-width spaces are invisible.
            continue;
        }
        if c.is_whitespace() {
            if !space {
                s.push(' ');
                space = true;
            }
        } else {
            s.push(c);
            space = false;
        }
    }
}

/// A line that is only share/print/e-mail buttons.
fn is_share_line(l: &str) -> bool {
    if l.chars().count() > 40 {
        return false;
    }
    let words: Vec<String> = l
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    !words.is_empty()
        && words.iter().all(|w| {
            matches!(
                w.as_str(),
                "share"
                    | "teilen"
                    | "tweet"
                    | "facebook"
                    | "twitter"
                    | "x"
                    | "flipboard"
                    | "instagram"
                    | "linkedin"
                    | "pinterest"
                    | "pocket"
                    | "reddit"
                    | "whatsapp"
                    | "xing"
                    | "wechat"
                    | "weibo"
                    | "qq"
                    | "telegram"
                    | "email"
                    | "e-mail"
                    | "mail"
                    | "print"
                    | "drucken"
                    | "pdf"
                    | "google"
            )
        })
}

/// Class words split into lowercase alphanumeric parts (`post__Body-text` ->
/// `post`, `body`, `text`; `articleBody` -> `articlebody`).
fn parts(s: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(lower)
}

/// `s.to_lowercase()`, without a copy when it is already lowercase ASCII
/// (most class names).
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// A word list as a sorted set (binary search instead of a scan per word).
struct WordSet {
    words: &'static [&'static str],
    sorted: std::sync::OnceLock<Vec<&'static str>>,
}

impl WordSet {
    const fn new(words: &'static [&'static str]) -> Self {
        WordSet {
            words,
            sorted: std::sync::OnceLock::new(),
        }
    }
    fn contains(&self, w: &str) -> bool {
        self.sorted
            .get_or_init(|| {
                let mut v = self.words.to_vec();
                v.sort_unstable();
                v
            })
            .binary_search(&w)
            .is_ok()
    }
}

/// Parts of a class or id word that name a boilerplate region of a page.
const BOILERPLATE_PARTS: &[&str] = &[
    "nav",
    "navi",
    "navbar",
    "navigation",
    "subnav",
    "menu",
    "menubar",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "footer",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "social",
    "share",
    "sharing",
    "shariff",
    "sociable",
    "related",
    "recommended",
    "recommendations",
    "advert",
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "adv",
    "sponsor",
    "sponsored",
    "banner",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "pagination",
    "pager",
    "byline",
    "toolbar",
    "promo",
    "caption",
    "meta",
    "trending",
    "overlay",
    "carousel",
    "slide",
    "slides",
    "slideshow",
    "slider",
    "breaking",
    "skiplink",
];

/// Whole class words (or ids) that mark a boilerplate or invisible element.
const BOILERPLATE_WORDS: &[&str] = &[
    "tags",
    "tag-list",
    "taglist",
    "tagcloud",
    "author",
    "hidden",
    "hide",
    "is-hidden",
    "d-none",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "element-invisible",
    "invisible",
    "skip-link",
    "print-only",
    "most-popular",
    "more-stories",
    "read-more",
    "rating",
    "login",
    "signup",
];

/// ARIA roles of page chrome.
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "contentinfo",
    "complementary",
    "menu",
    "menubar",
    "search",
    "dialog",
    "alertdialog",
    "toolbar",
];

static BOILERPLATE_WORD_SET: WordSet = WordSet::new(BOILERPLATE_WORDS);
static BOILERPLATE_PART_SET: WordSet = WordSet::new(BOILERPLATE_PARTS);

fn is_boilerplate_word(w: &str) -> bool {
    let lw = lower(w);
    if BOILERPLATE_WORD_SET.contains(&lw) {
        return true;
    }
    // WordPress and friends tag posts with `tag-x`, `category-x`,
    // `author-x` classes on the article itself: those prefixes say nothing.
    if lw.starts_with("tag-") || lw.starts_with("category-") || lw.starts_with("author-") {
        return false;
    }
    // BEM: `block__element--modifier` is about its block (`article__body--ads`
    // is an article body that has ads in it).
    let block = lw.split("__").next().unwrap_or("");
    let block = block.split("--").next().unwrap_or("");
    let mut prev = Cow::Borrowed("");
    for p in parts(block) {
        // `has-sidebar`, `no-ads`, `with-share`: a property of a wrapper.
        if BOILERPLATE_PART_SET.contains(&p)
            && !matches!(&*prev, "has" | "with" | "no" | "without" | "is")
        {
            return true;
        }
        prev = p;
    }
    false
}

/// Does the class, id or role of an element name a boilerplate part of a
/// page (navigation, menus, sidebars, footers, cookie and consent banners,
/// newsletter boxes, share buttons, related links, adverts, bylines,
/// teasers, captions, hidden text)?
pub fn is_boilerplate(class: &str, id: &str, role: &str) -> bool {
    (!role.is_empty() && BOILERPLATE_ROLES.contains(&role.trim().to_ascii_lowercase().as_str()))
        || class.split_whitespace().any(is_boilerplate_word)
        || (!id.is_empty() && is_boilerplate_word(id.trim()))
}

/// A widget (sidebar boxes of CMS themes): boilerplate unless it holds the
/// article (page builders wrap everything in widgets).
fn is_widget(class: &str, id: &str) -> bool {
    let word = |w: &str| {
        parts(w)
            .next()
            .is_some_and(|p| p == "widget" || p == "widgets")
    };
    class.split_whitespace().any(word) || word(id)
}

/// A comment section (reader comments, Disqus).
pub fn is_comment_section(class: &str, id: &str) -> bool {
    let word = |w: &str| {
        let lw = lower(w);
        let lw = if lw.contains('_') {
            Cow::Owned(lw.replace('_', "-"))
        } else {
            lw
        };
        (lw.starts_with("comment")
            && !lw.starts_with("commentary")
            && !matches!(
                &*lw,
                "comments-open" | "comments-closed" | "comments-enabled" | "comments-disabled"
            ))
            || lw.starts_with("disqus")
            || lw.starts_with("dsq-")
            || lw.starts_with("comol")
            || lw.ends_with("-comments")
            || lw.contains("comment-list")
            || lw.contains("commentlist")
    };
    class.split_whitespace().any(word) || (!id.is_empty() && word(id.trim()))
}

/// Names pages give the body of an article or post.
const ARTICLE_BODY: &[&str] = &[
    "articlebody",
    "article-body",
    "article-content",
    "articlecontent",
    "article-text",
    "articletext",
    "article-main",
    "article-inner",
    "entry-content",
    "entrycontent",
    "entry-body",
    "post-content",
    "postcontent",
    "post-body",
    "postbody",
    "post-text",
    "posttext",
    "post-entry",
    "postentry",
    "story-body",
    "storybody",
    "story-content",
    "storycontent",
    "story-text",
    "body-text",
    "bodytext",
    "text-content",
    "main-content",
    "maincontent",
    "page-content",
    "content-main",
    "content-body",
    "contentbody",
    "blog-content",
    "single-content",
    "field-body",
    "news-content",
    "news-text",
    "entry-text",
];

fn normalized(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c == '_' {
            '-'
        } else {
            c.to_ascii_lowercase()
        };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    out
}

/// An element named as the body of an article or post.
pub fn is_article_body(class: &str, id: &str, itemprop: &str) -> bool {
    if itemprop.split_whitespace().any(|p| p == "articleBody") {
        return true;
    }
    let check = |s: &str| {
        let n = normalized(s);
        ARTICLE_BODY.iter().any(|p| n.contains(p))
            && !n.contains("related")
            && !n.contains("comment")
            && !n.contains("teaser")
            && !n.contains("sidebar")
    };
    class.split_whitespace().any(check) || check(id)
}

/// A generic main/content container.
pub fn is_main_container(class: &str, id: &str, role: &str) -> bool {
    if matches!(role.trim(), "main" | "article") {
        return true;
    }
    let word = |w: &str| {
        let n = normalized(w);
        matches!(
            n.as_str(),
            "post" | "entry" | "story" | "article" | "content" | "main" | "text" | "fulltext"
        ) || n.starts_with("main")
    };
    class.split_whitespace().any(word) || word(id.trim())
}

/// Readability's class weight: +25 for content-like names, -25 for
/// boilerplate-like ones.
fn class_weight(class: &str, id: &str) -> f32 {
    let mut w = 0.0;
    for s in [class, id] {
        if s.is_empty() {
            continue;
        }
        let l = s.to_lowercase();
        const NEG: &[&str] = &[
            "hidden",
            "banner",
            "combx",
            "comment",
            "com-",
            "contact",
            "foot",
            "footnote",
            "masthead",
            "media",
            "meta",
            "outbrain",
            "promo",
            "related",
            "scroll",
            "share",
            "shoutbox",
            "sidebar",
            "skyscraper",
            "sponsor",
            "shopping",
            "tags",
            "tool",
            "widget",
            "nav",
            "menu",
        ];
        const POS: &[&str] = &[
            "article",
            "body",
            "content",
            "entry",
            "hentry",
            "h-entry",
            "main",
            "page",
            "pagination",
            "post",
            "text",
            "blog",
            "story",
        ];
        if NEG.iter().any(|p| l.contains(p)) {
            w -= 25.0;
        }
        if POS.iter().any(|p| l.contains(p)) {
            w += 25.0;
        }
    }
    w
}

#[cfg(test)]
mod tests;
