//! The widget's one voice in the browser console (stderr when pre-rendering): every warning
//! starts with "pricing-widget: ", so that a site owner can filter for it.

pub fn warn(message: &str) {
    leptos::logging::warn!("pricing-widget: {message}");
}
