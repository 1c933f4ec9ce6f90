//! `openapi`: prints the contract of the default configuration, the one committed as
//! `crates/billing-api/openapi.json`:
//! `cargo run -p billing-api --bin openapi > crates/billing-api/openapi.json`.

fn main() {
    print!("{}", billing_api::openapi::default_document());
}
