//! The page around the widget, as every part of the widget sees it: the browser console, the
//! events the widget dispatches to the page, the browser's JSON parser, the page URL's deep
//! links, and the main thread the widget shares with the page (`takeover`: a pre-render
//! hydrated in slices, the phases on the page's performance timeline). Nothing here knows the
//! widget's state, so every layer above may use it.

pub mod console;
pub mod deep_link;
pub mod events;
pub mod json;
pub mod takeover;
