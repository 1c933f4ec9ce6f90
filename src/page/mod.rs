//! The page around the widget, as every part of the widget sees it: the browser console, the
//! events the widget dispatches to the page, the browser's JSON parser and the page URL's deep
//! links. Nothing here knows the widget's state, so every layer above may use it.

pub mod console;
pub mod deep_link;
pub mod events;
pub mod json;
