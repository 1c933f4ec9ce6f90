//! Publishing the draft: what it changes, publishing it now or at a time (refused when another
//! editor published meanwhile, with what they changed), the history of versions, and the draft
//! as a catalog file (exported, imported).

mod catalog_file;
mod changes;
mod history;
mod publication;

pub use catalog_file::CatalogFile;
pub use history::History;
pub use publication::Publish;
