//! A digest of a pre-rendered widget's markup as a browser holds it: every node in document
//! order (element names, their attributes in the order written, text, comments). Hydration compares
//! structure only, and panics or leaves a dead widget on a structure it does not expect, while a
//! changed text stays on screen: so the pre-render writes the digest of what it rendered
//! (`data-pw-digest` on its root; natively, from its HTML parsed as a browser parses it), and the
//! wasm takes the markup over only when the digest of the live DOM is the same (`mount.rs`).
//! A minifier, a CMS's paragraph pass, a hand edit or a truncated paste all change it; the
//! widget then renders afresh in place. (Attributes a minifier reorders change it too: sorting
//! them would cost the wasm bytes for a case that renders afresh just as well.)

/// The attribute on the widget's root that holds the digest (and that the digest leaves out).
pub const ATTRIBUTE: &str = "data-pw-digest";

/// The canonical form of a run of nodes, fed one by one in document order: each part with its
/// length, so that no text can pass for structure.
#[derive(Default)]
struct Canonical(String);

impl Canonical {
    fn part(&mut self, kind: char, text: &str) {
        self.0.push(kind);
        self.0.push_str(&text.len().to_string());
        self.0.push(':');
        self.0.push_str(text);
    }

    /// An element opens; its attributes follow.
    fn open(&mut self, name: &str) {
        self.part('<', name);
    }

    /// An attribute of the element opened last (the digest's own is left out).
    fn attribute(&mut self, name: &str, value: &str) {
        if name != ATTRIBUTE {
            self.part('@', name);
            self.part('=', value);
        }
    }

    /// The element opened last closes.
    fn close(&mut self) {
        self.0.push('>');
    }

    fn text(&mut self, data: &str) {
        self.part('"', data);
    }

    fn comment(&mut self, data: &str) {
        self.part('!', data);
    }

    fn digest(&self) -> String {
        pricing_core::fingerprint(&self.0)
    }
}

/// The digest of `html` (a run of nodes, as the pre-render writes them) as a browser would hold
/// it once parsed: html5ever, the parser of Servo, through `scraper`.
#[cfg(feature = "ssr")]
pub fn of_html(html: &str) -> String {
    use scraper::Node;

    fn walk(node: ego_tree::NodeRef<Node>, canonical: &mut Canonical) {
        match node.value() {
            Node::Element(element) => {
                canonical.open(element.name());
                element.attrs().for_each(|(name, value)| canonical.attribute(name, value));
                node.children().for_each(|child| walk(child, canonical));
                canonical.close();
            }
            Node::Text(text) => canonical.text(text),
            Node::Comment(comment) => canonical.comment(comment),
            _ => {}
        }
    }
    let fragment = scraper::Html::parse_fragment(html);
    let mut canonical = Canonical::default();
    fragment.root_element().children().for_each(|child| walk(child, &mut canonical));
    canonical.digest()
}

/// `html` (the widget's root element) with its digest written on it.
#[cfg(feature = "ssr")]
pub fn stamped(html: &str) -> String {
    let digest = of_html(html);
    let name_end = html.find([' ', '>']).unwrap_or(html.len());
    format!("{} {ATTRIBUTE}=\"{digest}\"{}", &html[..name_end], &html[name_end..])
}

/// The digest of the nodes inside a parent as they are in the page, taken in as many slices as
/// the caller likes: a large widget's walk (a few thousand nodes and attributes, each read
/// through the wasm's bindings) took 40-66 ms on a phone in one task.
pub struct LiveDigest {
    canonical: Canonical,
    /// What is left to visit, the next on top.
    left: Vec<Visit>,
}

enum Visit {
    Node(web_sys::Node),
    Close,
}

impl LiveDigest {
    pub fn of_children(parent: &web_sys::Node) -> LiveDigest {
        let mut digest = LiveDigest { canonical: Canonical::default(), left: Vec::new() };
        digest.push_children(parent);
        digest
    }

    /// Walks on while `go_on()` says so (asked every few nodes); the digest once every node
    /// is walked, `None` when the walk stopped before.
    pub fn walk(&mut self, go_on: impl Fn() -> bool) -> Option<String> {
        use wasm_bindgen::JsCast;
        use web_sys::{Element, Node};

        let mut visited = 0u32;
        while let Some(visit) = self.left.pop() {
            let node = match visit {
                Visit::Close => {
                    self.canonical.close();
                    continue;
                }
                Visit::Node(node) => node,
            };
            match node.node_type() {
                Node::ELEMENT_NODE => {
                    let element: &Element = node.unchecked_ref();
                    self.canonical.open(&element.local_name());
                    let list = element.attributes();
                    for attribute in (0..list.length()).filter_map(|i| list.item(i)) {
                        self.canonical.attribute(&attribute.local_name(), &attribute.value());
                    }
                    self.left.push(Visit::Close);
                    self.push_children(&node);
                }
                Node::TEXT_NODE => self.canonical.text(&node.node_value().unwrap_or_default()),
                Node::COMMENT_NODE => self.canonical.comment(&node.node_value().unwrap_or_default()),
                _ => {}
            }
            visited += 1;
            if visited.is_multiple_of(32) && !self.left.is_empty() && !go_on() {
                return None;
            }
        }
        Some(self.canonical.digest())
    }

    /// `node`'s children, to be visited first to last.
    fn push_children(&mut self, node: &web_sys::Node) {
        let start = self.left.len();
        let mut child = node.first_child();
        while let Some(node) = child {
            child = node.next_sibling();
            self.left.push(Visit::Node(node));
        }
        self.left[start..].reverse();
    }
}
