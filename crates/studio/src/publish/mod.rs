//! Publishing the draft: what it changes, publishing it now or at a time (refused when another
//! editor published meanwhile, with what they changed), and the history of versions.

mod changes;
mod history;
mod publication;

pub use history::History;
pub use publication::Publish;
