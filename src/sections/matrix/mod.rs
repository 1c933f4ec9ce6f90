//! The comparison matrix: every plan against every feature (`comparison_matrix`), with the
//! rows that stay as they are whatever the visitor chooses (`matrix_rows`).

pub mod comparison_matrix;
pub mod matrix_rows;
