use super::*;

const PROSE: &str = "The committee met on Tuesday to discuss the new budget, which \
    includes funding for schools, roads and the public library. Members argued for \
    hours about the details, and a vote is expected next week.";

fn page(body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en-GB\"><head><title> A  page\n title </title>\
         <script>var x = 'not text';</script><style>p {{ color: red }}</style></head>\
         <body>{body}</body></html>"
    )
}

fn ex(html: &str) -> Extracted {
    extract(html, &Options::default())
}

#[test]
fn title_lang_and_article_without_boilerplate() {
    let html = page(&format!(
        "<header><nav><a href=/>Home</a> <a href=/news>News</a></nav></header>\
         <div class=\"cookie-banner\">We use cookies to improve your experience on this site.</div>\
         <article><h1>Budget talks</h1><p>{PROSE}</p><p>Second &amp; last paragraph, with an \
         <a href=/x>inline link</a> inside it and <b>bold</b>text.</p>\
         <div class=\"share-buttons\"><a>Facebook</a> <a>Twitter</a></div>\
         <ul class=\"related-posts\"><li><a href=/a>Other story one</a></li><li><a href=/b>Other story two</a></li></ul>\
         </article>\
         <aside>Sidebar text that is not the article.</aside>\
         <footer>Copyright 2024 Example Corp. All rights reserved.</footer>"
    ));
    let e = ex(&html);
    assert_eq!(e.title.as_deref(), Some("A page title"));
    assert_eq!(e.lang.as_deref(), Some("en-GB"));
    let lines: Vec<&str> = e.text.lines().collect();
    assert_eq!(lines[0], "Budget talks");
    assert_eq!(
        lines[1],
        PROSE.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    assert_eq!(
        lines[2],
        "Second & last paragraph, with an inline link inside it and boldtext."
    );
    assert_eq!(lines.len(), 3, "{}", e.text);
    for bad in [
        "cookies",
        "Home",
        "Facebook",
        "Other story",
        "Sidebar",
        "Copyright",
        "not text",
        "color",
    ] {
        assert!(!e.text.contains(bad), "{bad} in {}", e.text);
    }
}

#[test]
fn lists_tables_and_line_breaks() {
    let html = page(&format!(
        "<div class=\"entry-content\"><p>{PROSE}</p><ul><li>first item</li><li>second <em>item</em></li></ul>\
         <table><tr><th>Name</th><th>Price</th></tr><tr><td>Tea</td><td>3 €</td></tr></table>\
         <p>line one<br>line two</p><h2>A trailing heading</h2></div>"
    ));
    let e = ex(&html);
    let lines: Vec<&str> = e.text.lines().collect();
    assert_eq!(
        &lines[1..],
        &[
            "- first item",
            "- second item",
            "| Name | Price |",
            "|---|---|",
            "| Tea | 3 € |",
            "line one",
            "line two"
        ],
        "{}",
        e.text
    );
    let e = extract(
        &html,
        &Options {
            tables: false,
            lists: false,
            ..Default::default()
        },
    );
    assert!(
        !e.text.contains("Tea") && !e.text.contains("first item"),
        "{}",
        e.text
    );
}

#[test]
fn comments_are_boilerplate_unless_asked_for() {
    let html = page(&format!(
        "<article><p>{PROSE}</p><p>{PROSE}</p></article>\
         <div id=\"comments\"><ol class=\"commentlist\"><li class=\"comment\"><p>Great article, thanks for writing it!</p></li></ol>\
         <form id=\"respond\"><textarea>Leave a reply</textarea></form></div>"
    ));
    let e = ex(&html);
    assert!(!e.text.contains("Great article"), "{}", e.text);
    let e = extract(
        &html,
        &Options {
            comments: true,
            ..Default::default()
        },
    );
    assert!(
        e.text.ends_with("- Great article, thanks for writing it!"),
        "{}",
        e.text
    );
    assert!(!e.text.contains("Leave a reply"));
}

#[test]
fn readability_finds_unmarked_content_and_skips_link_lists() {
    let links: String = (0..30)
        .map(|i| format!("<li><a href=/p{i}>Link number {i}</a></li>"))
        .collect();
    let html = page(&format!(
        "<div id=a><ul>{links}</ul></div><div id=b><div><p>{PROSE}</p><p>{PROSE} Again, more.</p>\
         <p>{PROSE} And a third time, with feeling.</p></div></div>"
    ));
    let e = ex(&html);
    assert_eq!(e.text.lines().count(), 3, "{}", e.text);
    assert!(!e.text.contains("Link number"));
}

#[test]
fn hidden_and_no_main_text() {
    let e = ex(&page(&format!(
        "<div><p style=\"display: none\">invisible words</p><p hidden>more hidden</p><p>{PROSE}</p></div>"
    )));
    assert_eq!(e.text.lines().count(), 1, "{}", e.text);
    let e = ex("<html><body><script>x()</script></body></html>");
    assert_eq!(e.text, "");
    assert_eq!(e.title, None);
    assert_eq!(e.lang, None);
    assert_eq!(ex("").text, "");
}

#[test]
fn scripts_without_spaces_and_whitespace() {
    let html = page(
        "<article><p>東京は日本の首都です。人口は約1400万人で、世界有数の大都市です。</p>\
         <p>Зд\u{0440}авствуйте,\n\t мир!   Это   тест.</p><p>a<span>b</span> c\u{a0}d</p></article>",
    );
    let e = ex(&html);
    let lines: Vec<&str> = e.text.lines().collect();
    assert_eq!(
        lines[0],
        "東京は日本の首都です。人口は約1400万人で、世界有数の大都市です。"
    );
    assert_eq!(lines[1], "Здравствуйте, мир! Это тест.");
    assert_eq!(lines[2], "ab c d");
}

#[test]
fn class_rules() {
    assert!(is_boilerplate("site-navigation main-nav", "", ""));
    assert!(is_boilerplate("", "footer", ""));
    assert!(is_boilerplate("x", "", "navigation"));
    assert!(is_boilerplate("ad-slot", "", ""));
    assert!(!is_boilerplate(
        "post tag-news category-world author-jane",
        "",
        ""
    ));
    assert!(!is_boilerplate("header", "head", ""));
    assert!(!is_boilerplate("shadow", "", ""));
    assert!(is_comment_section("comments-area", ""));
    assert!(!is_comment_section("commentary", ""));
    assert!(is_article_body("c-article__body", "", ""));
    assert!(is_article_body("", "", "articleBody"));
    assert!(!is_article_body("related-post-content", "", ""));
}

/// Four paragraphs of distinct prose (about 800 characters).
fn story(topic: &str) -> String {
    (1..=4)
        .map(|k| {
            format!(
                "<p>Paragraph {k} about {topic}: the council heard from residents, traders and \
                 engineers, who disagreed about costs, timing and the route, and a report is due.</p>"
            )
        })
        .collect()
}

#[test]
fn follow_up_articles_after_the_first_are_dropped() {
    // Infinite scroll: a second article with its own <h1> and date.
    let html = page(&format!(
        "<div class=\"wrap\"><h1>Bridge plan approved</h1>{}\
         <div class=\"more\"><div class=\"next-story\"><h1>Harbour reopens</h1>\
         <span class=\"post-date\">2 days ago</span>{}</div></div></div>",
        story("the bridge"),
        story("the harbour")
    ));
    let e = ex(&html);
    assert!(e.text.contains("about the bridge"), "{}", e.text);
    assert!(!e.text.contains("harbour"), "{}", e.text);
    assert!(!e.text.contains("Harbour reopens"), "{}", e.text);

    // The same shape without a date or byline: chapters of one page, kept.
    let html = page(&format!(
        "<div class=\"wrap\"><h1>Bridge plan approved</h1>{}\
         <div class=\"more\"><div><h1>Harbour reopens</h1>{}</div></div></div>",
        story("the bridge"),
        story("the harbour")
    ));
    assert!(ex(&html).text.contains("about the harbour"));

    // A logo in an <h1> before the article is not "the first article".
    let html = page(&format!(
        "<div class=\"top\"><h1><a href=/>Example Times</a></h1></div>\
         <div><h1>Harbour reopens</h1><time>Monday</time>{}</div>",
        story("the harbour")
    ));
    assert!(ex(&html).text.contains("about the harbour"));
}

#[test]
fn lead_paragraph_above_the_body_container() {
    // Title, standfirst, share bar, then the marked body: the standfirst
    // is outside the body's container but belongs to the article.
    let lead = "The city will build a second bridge across the river by 2030, \
                after two years of debate.";
    let html = page(&format!(
        "<div class=\"col\"><h1>Bridge plan approved</h1><p class=\"intro\">{lead}</p>\
         <div class=\"share-bar\"><a href=/fb>Facebook</a></div>\
         <div class=\"group\"><div class=\"article-body\">{}</div></div></div>",
        story("the bridge")
    ));
    let e = ex(&html);
    let lines: Vec<&str> = e.text.lines().collect();
    assert_eq!(lines[0], lead, "{}", e.text);
    assert!(lines[1].starts_with("Paragraph 1 about the bridge"));

    // A block named `lead` just above the body, after a byline.
    let html = page(&format!(
        "<article><h1>Bridge plan approved</h1><div class=\"info\">By <a href=/a>Ann</a></div>\
         <div class=\"article__lead\">{lead}</div><div class=\"article__body\">{}</div></article>",
        story("the bridge")
    ));
    assert!(ex(&html).text.starts_with(lead));

    // No <h1> above: a paragraph before the body is not taken as its lead.
    let html = page(&format!(
        "<div><p>Subscribe to our weekly letter for the best stories from the region.</p>\
         <div class=\"article-body\">{}</div></div>",
        story("the bridge")
    ));
    assert!(!ex(&html).text.contains("Subscribe"));
}

#[test]
fn slideshows_and_widgets_are_boilerplate() {
    let html = page(&format!(
        "<div class=\"main\"><div class=\"article-text\">{}\
         <div class=\"gallery\"><div class=\"slideshow\"><ul class=\"slides\">\
         <li><p>A photo of the old bridge at dusk, seen from the east bank of the river.</p></li>\
         <li><p>Workers inspect the pillars of the old bridge in the winter of 1990.</p></li>\
         </ul></div></div></div>\
         <div class=\"side\"><div class=\"widget_events\"><p>Concert in the town hall, \
         Saturday at eight, tickets at the door for ten euros.</p></div></div></div>",
        story("the bridge")
    ));
    let e = ex(&html);
    assert!(e.text.contains("about the bridge"), "{}", e.text);
    assert!(!e.text.contains("photo"), "{}", e.text);
    assert!(!e.text.contains("Concert"), "{}", e.text);

    // Page builders call every block a widget: those hold the article.
    let html = page(&format!(
        "<div class=\"elementor-widget-wrap\"><div class=\"elementor-widget-container\">{}</div></div>",
        story("the bridge")
    ));
    assert!(ex(&html).text.contains("Paragraph 4 about the bridge"));
    assert!(is_boilerplate("carousel slider", "", ""));
}
