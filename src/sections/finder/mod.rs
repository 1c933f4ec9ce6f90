//! The plan finder: the visitor's month of work, a line each (`finder_line`), and the plan
//! that makes it for the least (`plan_finder`).

pub mod finder_line;
pub mod plan_finder;
