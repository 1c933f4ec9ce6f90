//! Fault injection for the crash tests: with the `fault-injection` feature (never in a release
//! build), `BILLING_FAULT=<phase>` kills the process the first time a request reaches that
//! phase, as a power cut or `kill -9` would. Without the feature this compiles to nothing.

/// The phases of an idempotent request, in order.
pub const PHASES: [&str; 4] = ["after-claim", "after-work", "after-answer", "after-commit"];

#[inline]
pub fn point(phase: &'static str) {
    #[cfg(feature = "fault-injection")]
    if std::env::var("BILLING_FAULT").is_ok_and(|wanted| wanted == phase) {
        std::process::abort();
    }
    let _ = phase;
}
