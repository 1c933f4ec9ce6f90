//! Any bytes given to the catalog parser yield a catalog or a list of problems, never a panic.
//! Run with `cargo fuzz run parse_catalog` (nightly); CI only builds it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(error) = pricing_core::Catalog::parse(text) {
            assert!(!error.problems.is_empty());
        }
    }
});
