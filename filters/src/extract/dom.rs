//! A compact arena DOM built by html5ever's spec-compliant tree builder (the
//! same error recovery browsers apply: implied end tags, misnested
//! formatting, foster parenting). Nodes are indices into one `Vec`; links are
//! `u32`; text nodes hold html5ever's tendrils (entities already decoded).

use std::borrow::Cow;
use std::cell::RefCell;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, LocalName, QualName};

pub const NONE: u32 = u32::MAX;

pub enum Data {
    Document,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
    },
    Text(StrTendril),
    /// Comments, processing instructions: never text.
    Other,
}

pub struct Node {
    pub parent: u32,
    pub first_child: u32,
    pub last_child: u32,
    pub prev: u32,
    pub next: u32,
    pub data: Data,
}

impl Node {
    fn new(data: Data) -> Self {
        Node {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            prev: NONE,
            next: NONE,
            data,
        }
    }
}

/// The parsed document: node 0 is the document.
pub struct Dom {
    pub nodes: Vec<Node>,
}

impl Dom {
    pub fn parse(html: &str) -> Dom {
        let sink = Sink {
            nodes: RefCell::new(Vec::with_capacity(html.len() / 40 + 16)),
        };
        sink.nodes.borrow_mut().push(Node::new(Data::Document));
        html5ever::parse_document(sink, Default::default()).one(StrTendril::from_slice(html))
    }

    /// The local name of an element, `None` for other nodes.
    pub fn tag(&self, i: u32) -> Option<&LocalName> {
        match &self.nodes[i as usize].data {
            Data::Element { name, .. } => Some(&name.local),
            _ => None,
        }
    }

    pub fn attr(&self, i: u32, name: &str) -> Option<&str> {
        match &self.nodes[i as usize].data {
            Data::Element { attrs, .. } => attrs
                .iter()
                .find(|a| &*a.name.local == name)
                .map(|a| &*a.value),
            _ => None,
        }
    }

    pub fn children(&self, i: u32) -> Children<'_> {
        Children {
            dom: self,
            next: self.nodes[i as usize].first_child,
        }
    }

    /// Nodes of the subtree under `root` (itself included) in document order.
    pub fn preorder(&self, root: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            out.push(n);
            let mut c = self.nodes[n as usize].last_child;
            while c != NONE {
                stack.push(c);
                c = self.nodes[c as usize].prev;
            }
        }
        out
    }
}

pub struct Children<'a> {
    dom: &'a Dom,
    next: u32,
}

impl Iterator for Children<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let c = self.next;
        self.next = self.dom.nodes[c as usize].next;
        Some(c)
    }
}

struct Sink {
    nodes: RefCell<Vec<Node>>,
}

/// An element name handed to the tree builder (a cheap clone of atoms).
#[derive(Debug)]
pub struct Name(QualName);

impl html5ever::tree_builder::ElemName for Name {
    fn ns(&self) -> &html5ever::Namespace {
        &self.0.ns
    }
    fn local_name(&self) -> &LocalName {
        &self.0.local
    }
}

impl Sink {
    fn push(&self, data: Data) -> u32 {
        let mut n = self.nodes.borrow_mut();
        n.push(Node::new(data));
        (n.len() - 1) as u32
    }

    fn detach(nodes: &mut [Node], c: u32) {
        let (p, prev, next) = {
            let n = &nodes[c as usize];
            (n.parent, n.prev, n.next)
        };
        if p == NONE {
            return;
        }
        if prev != NONE {
            nodes[prev as usize].next = next;
        } else {
            nodes[p as usize].first_child = next;
        }
        if next != NONE {
            nodes[next as usize].prev = prev;
        } else {
            nodes[p as usize].last_child = prev;
        }
        let n = &mut nodes[c as usize];
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
    }

    fn append_child(nodes: &mut [Node], p: u32, c: u32) {
        Self::detach(nodes, c);
        let last = nodes[p as usize].last_child;
        nodes[c as usize].parent = p;
        nodes[c as usize].prev = last;
        if last != NONE {
            nodes[last as usize].next = c;
        } else {
            nodes[p as usize].first_child = c;
        }
        nodes[p as usize].last_child = c;
    }

    fn insert_before(nodes: &mut [Node], sib: u32, c: u32) {
        Self::detach(nodes, c);
        let (p, prev) = (nodes[sib as usize].parent, nodes[sib as usize].prev);
        nodes[c as usize].parent = p;
        nodes[c as usize].prev = prev;
        nodes[c as usize].next = sib;
        nodes[sib as usize].prev = c;
        if prev != NONE {
            nodes[prev as usize].next = c;
        } else if p != NONE {
            nodes[p as usize].first_child = c;
        }
    }
}

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Dom;
    type ElemName<'a> = Name;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> Name {
        match &self.nodes.borrow()[*target as usize].data {
            Data::Element { name, .. } => Name(name.clone()),
            _ => Name(QualName::new(None, html5ever::ns!(), LocalName::from(""))),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> u32 {
        self.push(Data::Element { name, attrs })
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.push(Data::Other)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        let mut nodes = self.nodes.borrow_mut();
        match child {
            NodeOrText::AppendNode(c) => Self::append_child(&mut nodes, *parent, c),
            NodeOrText::AppendText(t) => {
                // The text of a script or style is never page text: not kept
                // (it is often most of a page's bytes, and html5ever hands it
                // over line by line).
                if let Data::Element { name, .. } = &nodes[*parent as usize].data {
                    if name.local == html5ever::local_name!("script")
                        || name.local == html5ever::local_name!("style")
                    {
                        return;
                    }
                }
                let last = nodes[*parent as usize].last_child;
                if last != NONE {
                    if let Data::Text(ref mut s) = nodes[last as usize].data {
                        s.push_tendril(&t);
                        return;
                    }
                }
                nodes.push(Node::new(Data::Text(t)));
                let c = (nodes.len() - 1) as u32;
                Self::append_child(&mut nodes, *parent, c);
            }
        }
    }

    fn append_based_on_parent_node(&self, element: &u32, prev: &u32, child: NodeOrText<u32>) {
        let has_parent = self.nodes.borrow()[*element as usize].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &u32) -> u32 {
        *target
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        let mut nodes = self.nodes.borrow_mut();
        let c = match new_node {
            NodeOrText::AppendNode(c) => c,
            NodeOrText::AppendText(t) => {
                let prev = nodes[*sibling as usize].prev;
                if prev != NONE {
                    if let Data::Text(ref mut s) = nodes[prev as usize].data {
                        s.push_tendril(&t);
                        return;
                    }
                }
                nodes.push(Node::new(Data::Text(t)));
                (nodes.len() - 1) as u32
            }
        };
        Self::insert_before(&mut nodes, *sibling, c);
    }

    fn add_attrs_if_missing(&self, target: &u32, new: Vec<Attribute>) {
        if let Data::Element { attrs, .. } = &mut self.nodes.borrow_mut()[*target as usize].data {
            for a in new {
                if !attrs.iter().any(|b| b.name == a.name) {
                    attrs.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &u32) {
        Self::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        let mut nodes = self.nodes.borrow_mut();
        let mut c = nodes[*node as usize].first_child;
        while c != NONE {
            let next = nodes[c as usize].next;
            Self::append_child(&mut nodes, *new_parent, c);
            c = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(d: &Dom, root: u32) -> String {
        d.preorder(root)
            .into_iter()
            .filter_map(|n| match &d.nodes[n as usize].data {
                Data::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn builds_a_tree_with_error_recovery() {
        let d = Dom::parse("<p>a<b>b<i>c</b>d</i>e<p>f &amp; g<table><td>x</table>");
        let body = d
            .preorder(0)
            .into_iter()
            .find(|&n| d.tag(n).is_some_and(|t| &**t == "body"))
            .unwrap();
        let ps: Vec<u32> = d.children(body).collect();
        assert_eq!(ps.len(), 2);
        assert_eq!(text_of(&d, ps[0]), "abcde");
        assert_eq!(text_of(&d, ps[1]), "f & gx");
    }
}
