use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything the server is started with, read from `BILLING_*` environment variables.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    /// `sqlite://PATH` or `postgres://…` (`BILLING_DATABASE_URL`; `BILLING_DB=PATH` is short for
    /// a SQLite file).
    pub database: String,
    /// The catalog file to serve; `None` serves the default catalog compiled in.
    pub catalog_path: Option<PathBuf>,
    /// The folder of the catalog's translation files (`BILLING_TRANSLATIONS`; by default
    /// `translations/` beside the catalog file, or the repository's for the default catalog).
    pub translations_path: PathBuf,
    /// Where the widget's files (`pricing-widget.js`, its stylesheet) are served, for the
    /// fragments' links (`BILLING_WIDGET_URL`, ending in `/`; by default `/`, the page's own
    /// origin, as the release build's snippets have it).
    pub widget_url: String,
    /// The server's own base URL, for the hosted checkout links it hands out.
    pub public_url: String,
    pub token_secret: Vec<u8>,
    pub allowed_origins: Vec<String>,
    /// Where a checkout may send the visitor back: the allowed origins and any named in
    /// `BILLING_RETURN_ORIGINS`.
    pub return_origins: Vec<String>,
    /// The generation service's secret for `POST /v1/usage` (a bearer token); without it the
    /// usage endpoints answer 401.
    pub usage_secret: Option<String>,
    /// Enables `POST /v1/dev/tokens`, which mints customer tokens without a host page.
    pub dev_tokens: bool,
    /// The pricing studio's editors: a name (written beside everything they do) and a secret
    /// of at least 32 characters each (`BILLING_EDITORS=name:secret,…`). With
    /// `BILLING_DEV_TOKENS`, a development editor is added (`DEV_EDITOR`).
    pub editors: Vec<(String, String)>,
    /// The pricing studio's built files, served at `/studio/` (`BILLING_STUDIO_DIR`; `scripts/run.sh`
    /// builds them into `target/studio`). Without it, no studio is served.
    pub studio_dir: Option<PathBuf>,
    /// How often each process looks for a newly published or due catalog version.
    pub catalog_poll: std::time::Duration,
    /// How often each process looks for webhook deliveries that are due (`BILLING_WEBHOOK_POLL_MS`).
    pub webhook_poll: std::time::Duration,
    /// Requests per second each client may make on average, and how many at once.
    pub rate_per_second: u64,
    pub rate_burst: u32,
}

const DEV_SECRET: &str = "development-only-secret-change-me";

/// The development editor's name and secret (`BILLING_DEV_TOKENS=1` only); `scripts/run.sh`
/// prints them beside the studio's address.
pub const DEV_EDITOR: (&str, &str) = ("dev-editor", "development-only-editor-secret-change-me");

impl Config {
    pub fn from_env() -> Result<Config, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let addr: SocketAddr = var("BILLING_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8787".into())
            .parse()
            .map_err(|e| format!("BILLING_ADDR: {e}"))?;
        let dev_tokens = var("BILLING_DEV_TOKENS").is_some_and(|v| v == "1" || v == "true");
        let token_secret = match var("BILLING_TOKEN_SECRET") {
            Some(secret) if secret.len() >= 32 => secret.into_bytes(),
            Some(_) => return Err("BILLING_TOKEN_SECRET must be at least 32 characters".into()),
            None if dev_tokens => DEV_SECRET.as_bytes().to_vec(),
            None => return Err("BILLING_TOKEN_SECRET is required (or BILLING_DEV_TOKENS=1 for development)".into()),
        };
        let number = |name: &str, default: u64| -> Result<u64, String> {
            var(name).map_or(Ok(default), |v| v.parse().map_err(|e| format!("{name}: {e}")))
        };
        let allowed_origins = origins(
            var("BILLING_ALLOWED_ORIGINS").unwrap_or_else(|| "http://127.0.0.1:8080,http://localhost:8080".into()),
        );
        Ok(Config {
            addr,
            database: match (var("BILLING_DATABASE_URL"), var("BILLING_DB")) {
                (Some(url), _) => url,
                (None, path) => format!("sqlite://{}", path.as_deref().unwrap_or("billing.sqlite")),
            },
            catalog_path: var("BILLING_CATALOG").map(PathBuf::from),
            translations_path: var("BILLING_TRANSLATIONS").map_or_else(
                || translations_beside(var("BILLING_CATALOG").map(PathBuf::from).as_deref()),
                PathBuf::from,
            ),
            widget_url: var("BILLING_WIDGET_URL").map_or("/".into(), |url| format!("{}/", url.trim_end_matches('/'))),
            public_url: var("BILLING_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}")),
            token_secret,
            return_origins: [&allowed_origins[..], &origins(var("BILLING_RETURN_ORIGINS").unwrap_or_default())]
                .concat(),
            allowed_origins,
            usage_secret: match var("BILLING_USAGE_SECRET") {
                Some(secret) if secret.len() >= 32 => Some(secret),
                Some(_) => return Err("BILLING_USAGE_SECRET must be at least 32 characters".into()),
                None => None,
            },
            editors: editors(var("BILLING_EDITORS").unwrap_or_default(), dev_tokens)?,
            studio_dir: var("BILLING_STUDIO_DIR").map(PathBuf::from),
            catalog_poll: std::time::Duration::from_millis(number("BILLING_CATALOG_POLL_MS", 1000)?.max(10)),
            webhook_poll: std::time::Duration::from_millis(number("BILLING_WEBHOOK_POLL_MS", 1000)?.max(10)),
            dev_tokens,
            rate_per_second: number("BILLING_RATE_PER_SECOND", 20)?,
            rate_burst: number("BILLING_RATE_BURST", 60)? as u32,
        })
    }
}

/// The translation files that go with a catalog file: `translations/` beside it.
pub fn translations_beside(catalog: Option<&std::path::Path>) -> PathBuf {
    match catalog {
        Some(file) => file.parent().unwrap_or(std::path::Path::new(".")).join("translations"),
        None => concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalog/translations").into(),
    }
}

/// `name:secret,…`, each secret at least 32 characters, and the development editor when
/// development tokens are on.
fn editors(list: String, dev_tokens: bool) -> Result<Vec<(String, String)>, String> {
    let mut editors = Vec::new();
    for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        match entry.split_once(':') {
            Some((name, secret)) if !name.trim().is_empty() && secret.len() >= 32 => {
                editors.push((name.trim().to_string(), secret.to_string()))
            }
            _ => return Err("BILLING_EDITORS: each entry is name:secret, the secret at least 32 characters".into()),
        }
    }
    if dev_tokens {
        editors.push((DEV_EDITOR.0.to_string(), DEV_EDITOR.1.to_string()));
    }
    Ok(editors)
}

/// A comma-separated list of origins, each without a trailing slash.
fn origins(list: String) -> Vec<String> {
    list.split(',').map(|o| o.trim().trim_end_matches('/').to_string()).filter(|o| !o.is_empty()).collect()
}

/// A database URL without its password, for messages and logs.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let authority = rest.split('/').next().unwrap_or_default();
    match authority.rsplit_once('@').and_then(|(credentials, _)| credentials.split_once(':')) {
        Some((user, password)) => url.replacen(&format!("{user}:{password}@"), &format!("{user}:***@"), 1),
        None => format!("{scheme}://{rest}"),
    }
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn database_urls_lose_their_password_in_messages() {
        assert_eq!(redacted("postgres://billing:s3cret@db:5432/billing"), "postgres://billing:***@db:5432/billing");
        assert_eq!(redacted("postgres://billing@db/billing"), "postgres://billing@db/billing");
        assert_eq!(redacted("sqlite://billing.sqlite"), "sqlite://billing.sqlite");
    }
}
