//! The widget as visitors will see the draft, and the code that embeds it.

mod embed_code;
mod prerendered_snippet;
mod section_choice;
mod widget_preview;

pub use embed_code::EmbedCode;
pub use widget_preview::Preview;

/// A page around the widget's HTML, for an `<iframe srcdoc>`: the widget's own width rules
/// apply at the frame's width.
pub fn page(body: &str) -> String {
    format!("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body style=\"margin:0\">{body}</body></html>")
}
