//! The pages the API hosts: the test checkout, standing in for a payment provider (it shows what
//! will be charged and a pay button; paying grants the purchase and goes back to the success
//! URL), and each receipt as a printable page.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use pricing_core::api::SessionStatus;

use crate::error::ApiError;
use crate::flows::{checkout, receipts};
use crate::state::AppState;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Whether the amount includes tax, as the catalog says for its currency.
fn tax_note(state: &AppState, currency: pricing_core::Currency) -> String {
    match state.catalog().tax.get(&currency) {
        Some(tax) if tax.included => format!("({} included)", tax.name),
        Some(tax) => format!("(plus {})", tax.name),
        None => String::new(),
    }
}

/// The hosted test checkout's page: what will be charged, and a pay button.
#[utoipa::path(get, path = "/checkout/{id}", tag = "checkout", operation_id = "checkout_page",
    params(("id" = String, Path, description = "The session's id")),
    responses((status = 200, description = "The page", body = String, content_type = "text/html")))]
pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    declined: axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let session = checkout::session(&mut *state.store.read().await?, &id).await?;
    let action = match session.status {
        SessionStatus::Open => format!(
            r#"{declined}<form method="post" action="/checkout/{id}/pay"><button type="submit">Pay {amount}</button></form>
<form method="post" action="/checkout/{id}/decline"><button type="submit" class="decline">Try a declined card</button></form>
<p><a href="{cancel}">Cancel and go back</a></p>"#,
            id = escape(&session.id),
            amount = escape(&session.amount.to_string()),
            cancel = escape(&session.cancel_url),
            declined = if declined.0.contains_key("declined") {
                r#"<p role="alert" data-testid="declined">The test card was declined: nothing was charged. Pay again, or go back.</p>"#
            } else {
                ""
            },
        ),
        SessionStatus::Paid => "<p>This checkout is already paid.</p>".to_string(),
    };
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test checkout</title><link rel="icon" href="data:,">
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}}
button{{font:inherit;padding:.6rem 1.2rem;background:#4338ca;color:#fff;border:0;border-radius:8px;cursor:pointer}}
button.decline{{background:none;color:#4338ca;padding:.6rem 0}}</style></head>
<body><main><h1>Test checkout</h1><p>No real payment is taken on this page.</p>
<p>{description}</p><p>Charged now: <strong data-testid="amount">{amount}</strong> <span data-testid="tax">{tax}</span></p>{action}</main></body></html>"#,
        description = escape(&session.description),
        amount = escape(&session.amount.to_string()),
        tax = escape(&tax_note(&state, session.amount.currency)),
    );
    Ok(([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response())
}

/// The pay button: grants the purchase and sends the visitor back to the success URL.
#[utoipa::path(post, path = "/checkout/{id}/pay", tag = "checkout", operation_id = "pay_checkout",
    params(("id" = String, Path, description = "The session's id")),
    responses((status = 303, description = "Paid: back to `success_url?checkout_session=<id>`",
        headers(("Location" = String, description = "The success URL")))))]
pub async fn pay(State(state): State<AppState>, Path(id): Path<String>) -> Result<Redirect, ApiError> {
    Ok(Redirect::to(&checkout::pay(&state, &id, state.now()).await?))
}

/// The test checkout's declined card: nothing is charged, `payment.failed` is sent, and the
/// visitor is back on the checkout page, which says so.
#[utoipa::path(post, path = "/checkout/{id}/decline", tag = "checkout", operation_id = "decline_checkout",
    params(("id" = String, Path, description = "The session's id")),
    responses((status = 303, description = "Declined: back to the checkout page",
        headers(("Location" = String, description = "The checkout page")))))]
pub async fn decline(State(state): State<AppState>, Path(id): Path<String>) -> Result<Redirect, ApiError> {
    Ok(Redirect::to(&checkout::decline(&state, &id, state.now()).await?))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReceiptLink {
    /// When the link stops working (Unix seconds).
    expires: i64,
    /// The link's signature, from the receipt's `html_url`.
    signature: String,
}

/// A receipt as a printable page, from the link in the receipt (`html_url`), for an hour.
#[utoipa::path(get, path = "/receipts/{number}", tag = "subscription", operation_id = "receipt_page",
    params(("number" = u64, Path, description = "The receipt's number"), ReceiptLink),
    responses((status = 200, description = "The page", body = String, content_type = "text/html")))]
pub async fn receipt(
    State(state): State<AppState>,
    number: Result<Path<u64>, axum::extract::rejection::PathRejection>,
    link: Result<axum::extract::Query<ReceiptLink>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Path(number) = number.map_err(|_| ApiError::NotFound("receipt"))?;
    let axum::extract::Query(link) = link.map_err(|_| ApiError::NotFound("receipt"))?;
    let now = state.now();
    let receipt =
        receipts::by_link(&state, &mut *state.store.read().await?, number, link.expires, &link.signature, now).await?;
    let items: String = receipt
        .items
        .iter()
        .map(|item| {
            format!(
                "<tr><td>{}</td><td class=\"amount\">{}</td></tr>",
                escape(&item.description),
                escape(&item.amount.to_string())
            )
        })
        .collect();
    let tax = match &receipt.tax {
        Some(tax) if tax.included => format!("The total includes {}.", tax.name),
        Some(tax) => format!("The total does not include {}.", tax.name),
        None => String::new(),
    };
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Receipt {number}</title><link rel="icon" href="data:,">
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#111}}
table{{width:100%;border-collapse:collapse}}td,th{{padding:.5rem 0;border-bottom:1px solid #ddd;text-align:left}}
.amount{{text-align:right;font-variant-numeric:tabular-nums}}@media print{{body{{margin:0}}button{{display:none}}}}</style></head>
<body><main><h1>Receipt <span data-testid="number">{number:06}</span></h1>
<p>Issued <time datetime="{issued}">{issued_text}</time> to <span data-testid="customer">{customer}</span>.</p>
<table><thead><tr><th>Item</th><th class="amount">Amount</th></tr></thead><tbody>{items}</tbody>
<tfoot><tr><th>Total</th><th class="amount" data-testid="total">{total}</th></tr></tfoot></table>
<p data-testid="tax">{tax}</p><button type="button" onclick="print()">Print</button></main></body></html>"#,
        number = receipt.number,
        issued = receipt.issued_at.to_rfc3339(),
        issued_text = receipt.issued_at.format("%-d %B %Y, %H:%M UTC"),
        customer = escape(&receipt.customer_id),
        total = escape(&receipt.total.to_string()),
        tax = escape(&tax),
    );
    Ok(([(header::CACHE_CONTROL, "private, no-store")], Html(html)).into_response())
}
