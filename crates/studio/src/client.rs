//! The billing API's studio calls, as the signed-in editor. The studio is served by the API
//! itself (`/studio/`), so every call goes to its own origin.

use gloo_net::http::{Request, RequestBuilder};
use pricing_core::api::studio::{
    DiffRequest, DiffView, PreviewRequest, RollbackRequest, StudioSettings, VersionList, VersionRequest, VersionView,
};
use pricing_core::api::{ErrorBody, ErrorCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a call did not succeed, in words an editor can act on.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    pub status: u16,
    pub code: Option<ErrorCode>,
    pub message: String,
}

/// The editor's credential, sent as a bearer token with every call.
#[derive(Clone, Debug, PartialEq)]
pub struct Client {
    credential: String,
}

impl Client {
    pub fn new(credential: String) -> Client {
        Client { credential }
    }

    fn authorized(&self, request: RequestBuilder) -> RequestBuilder {
        request.header("Authorization", &format!("Bearer {}", self.credential))
    }

    async fn answer<T: DeserializeOwned>(&self, request: RequestBuilder, body: Option<String>) -> Result<T, Refusal> {
        let request = self.authorized(request).header("Content-Type", "application/json");
        let sent = match body {
            Some(body) => request.body(body).map_err(unreachable_api)?.send().await,
            None => request.send().await,
        };
        let response = sent.map_err(unreachable_api)?;
        let text = response.text().await.map_err(unreachable_api)?;
        if response.ok() {
            return serde_json::from_str(&text).map_err(|e| Refusal {
                status: response.status(),
                code: None,
                message: format!("the billing API answered something the studio cannot read: {e}"),
            });
        }
        let error = serde_json::from_str::<ErrorBody>(&text).ok();
        Err(Refusal {
            status: response.status(),
            code: error.as_ref().map(|e| e.error.code),
            message: error
                .map_or_else(|| format!("the billing API answered {}", response.status()), |e| e.error.message),
        })
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Refusal> {
        self.answer(Request::get(path), None).await
    }

    async fn post<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> Result<T, Refusal> {
        self.answer(Request::post(path), Some(serde_json::to_string(body).expect("a request serializes"))).await
    }

    pub async fn versions(&self) -> Result<VersionList, Refusal> {
        self.get("/v1/studio/versions").await
    }

    pub async fn version(&self, id: i64) -> Result<VersionView, Refusal> {
        self.get(&format!("/v1/studio/versions/{id}")).await
    }

    pub async fn settings(&self) -> Result<StudioSettings, Refusal> {
        self.get("/v1/studio/settings").await
    }

    pub async fn diff(&self, request: &DiffRequest) -> Result<DiffView, Refusal> {
        self.post("/v1/studio/diff", request).await
    }

    pub async fn save(&self, request: &VersionRequest) -> Result<VersionView, Refusal> {
        self.post("/v1/studio/versions", request).await
    }

    pub async fn roll_back(&self, id: i64, based_on: i64) -> Result<VersionView, Refusal> {
        self.post(&format!("/v1/studio/versions/{id}/rollback"), &RollbackRequest { based_on }).await
    }

    pub async fn unschedule(&self, id: i64) -> Result<VersionView, Refusal> {
        self.post(&format!("/v1/studio/versions/{id}/unschedule"), &serde_json::json!({})).await
    }

    /// The widget's HTML for a draft.
    pub async fn preview(&self, request: &PreviewRequest) -> Result<String, Refusal> {
        let body = serde_json::to_string(request).expect("a request serializes");
        let request = self.authorized(Request::post("/v1/studio/preview")).header("Content-Type", "application/json");
        html(request.body(body).map_err(unreachable_api)?.send().await).await
    }

    /// The pre-rendered snippet of the catalog in force for a fragment's query (public).
    pub async fn snippet(&self, query: &str) -> Result<String, Refusal> {
        let separator = if query.is_empty() { "" } else { "&" };
        html(Request::get(&format!("/v1/widget/fragment?form=snippet{separator}{query}")).send().await).await
    }
}

/// An answer that is HTML when it succeeds.
async fn html(sent: Result<gloo_net::http::Response, gloo_net::Error>) -> Result<String, Refusal> {
    let response = sent.map_err(unreachable_api)?;
    let text = response.text().await.map_err(unreachable_api)?;
    match response.ok() {
        true => Ok(text),
        false => Err(Refusal {
            status: response.status(),
            code: None,
            message: serde_json::from_str::<ErrorBody>(&text).map_or(text, |e| e.error.message),
        }),
    }
}

fn unreachable_api(error: gloo_net::Error) -> Refusal {
    Refusal { status: 0, code: None, message: format!("the billing API cannot be reached: {error}") }
}
