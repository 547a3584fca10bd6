//! OpenAI-compatible teacher client (`/v1/chat/completions` or
//! `/v1/completions`) on reqwest + tokio: a concurrency cap, requests/s and
//! tokens/min limits, retries with exponential backoff and full jitter on
//! timeouts, connection errors, 429, 5xx and unparseable bodies, honouring
//! `Retry-After`; usage accounting (tokens, failures by kind, latency
//! percentiles, cost). The API key is read from the environment variable the
//! workflow names and is never logged or written anywhere.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::Rng;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Endpoint {
    #[default]
    Chat,
    Completions,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TeacherConfig {
    /// Base URL up to and including `/v1`, e.g. `http://127.0.0.1:8080/v1`.
    pub base_url: String,
    pub model: String,
    /// Name of the environment variable holding the API key (optional).
    #[serde(default)]
    pub api_key_env: Option<String>,
    #[serde(default)]
    pub endpoint: Endpoint,
    /// Per-request timeout, seconds.
    #[serde(default = "d_timeout")]
    pub timeout_s: f64,
    #[serde(default = "d_conc")]
    pub max_concurrency: usize,
    #[serde(default)]
    pub requests_per_s: Option<f64>,
    #[serde(default)]
    pub tokens_per_min: Option<f64>,
    /// Retries after the first attempt.
    #[serde(default = "d_retries")]
    pub max_retries: u32,
    #[serde(default = "d_backoff")]
    pub backoff_initial_s: f64,
    #[serde(default = "d_backoff_max")]
    pub backoff_max_s: f64,
    /// Prices per million tokens, for the cost line of the summary.
    #[serde(default)]
    pub price_prompt_per_1m: Option<f64>,
    #[serde(default)]
    pub price_completion_per_1m: Option<f64>,
}

fn d_timeout() -> f64 {
    120.0
}
fn d_conc() -> usize {
    8
}
fn d_retries() -> u32 {
    5
}
fn d_backoff() -> f64 {
    0.5
}
fn d_backoff_max() -> f64 {
    30.0
}

/// One generation request.
#[derive(Debug, Clone)]
pub struct Request {
    /// Journal key; sent as the `X-Curate-Key` header so a proxy or server
    /// log can tell retries of one prompt from different prompts.
    pub key: String,
    pub system: Option<String>,
    pub prompt: String,
    pub max_tokens: u32,
    pub temperature: f64,
    pub seed: Option<u64>,
}

/// A successful response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Completion {
    pub text: String,
    pub finish_reason: String,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub latency_ms: f64,
    /// Attempts it took (1 = no retry).
    pub attempts: u32,
}

/// Why an attempt failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CallError {
    #[error("timed out")]
    Timeout,
    #[error("connection failed: {0}")]
    Connect(String),
    #[error("HTTP {status}: {body}")]
    Status {
        status: u16,
        body: String,
        retry_after: Option<f64>,
    },
    #[error("unparseable response: {0}")]
    BadResponse(String),
    #[error("{0}")]
    Other(String),
}

impl CallError {
    /// Failure kind, for the usage counters.
    pub fn kind(&self) -> String {
        match self {
            CallError::Timeout => "timeout".into(),
            CallError::Connect(_) => "connection".into(),
            CallError::Status { status, .. } => format!("http_{status}"),
            CallError::BadResponse(_) => "bad_response".into(),
            CallError::Other(_) => "other".into(),
        }
    }

    fn retryable(&self) -> bool {
        match self {
            CallError::Status { status, .. } => *status == 429 || *status >= 500 || *status == 408,
            CallError::Other(_) => false,
            _ => true,
        }
    }
}

/// Counters for the run summary.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Usage {
    /// HTTP requests sent (attempts, retries included).
    pub requests: u64,
    pub completions: u64,
    pub failures: BTreeMap<String, u64>,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// Latencies of successful attempts, ms.
    pub latencies_ms: Vec<f64>,
    /// Answers taken from the journal instead of the network.
    pub from_journal: u64,
}

impl Usage {
    pub fn percentile(&self, p: f64) -> f64 {
        if self.latencies_ms.is_empty() {
            return 0.0;
        }
        let mut v = self.latencies_ms.clone();
        v.sort_by(|a, b| a.total_cmp(b));
        let i = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
        v[i.min(v.len() - 1)]
    }

    pub fn cost(&self, cfg: &TeacherConfig) -> Option<f64> {
        let p = cfg.price_prompt_per_1m?;
        let c = cfg.price_completion_per_1m.unwrap_or(p);
        Some((self.prompt_tokens as f64 * p + self.completion_tokens as f64 * c) / 1e6)
    }

    /// One line for the run summary.
    pub fn line(&self, cfg: &TeacherConfig) -> String {
        let fails: Vec<String> = self
            .failures
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        format!(
            "teacher {}: {} requests ({} answers from the journal), failures: {}; tokens {} prompt + {} completion; latency p50 {:.0} ms, p99 {:.0} ms{}",
            cfg.model,
            self.requests,
            self.from_journal,
            if fails.is_empty() { "none".into() } else { fails.join(", ") },
            self.prompt_tokens,
            self.completion_tokens,
            self.percentile(50.0),
            self.percentile(99.0),
            self.cost(cfg).map(|c| format!("; cost ${c:.4}")).unwrap_or_default()
        )
    }
}

struct Limiter {
    next_request: Instant,
    tokens_window: Vec<(Instant, u64)>,
}

pub struct Teacher {
    cfg: TeacherConfig,
    http: reqwest::Client,
    api_key: Option<String>,
    sem: Semaphore,
    limiter: tokio::sync::Mutex<Limiter>,
    pub usage: Mutex<Usage>,
}

impl std::fmt::Debug for Teacher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.debug_struct("Teacher")
            .field("base_url", &self.cfg.base_url)
            .field("model", &self.cfg.model)
            .finish()
    }
}

impl Teacher {
    pub fn new(cfg: TeacherConfig) -> anyhow::Result<Teacher> {
        let api_key = match &cfg.api_key_env {
            None => None,
            Some(var) => Some(std::env::var(var).map_err(|_| {
                anyhow::anyhow!("environment variable {var} (teacher.api_key_env) is not set")
            })?),
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs_f64(cfg.timeout_s))
            .connect_timeout(Duration::from_secs_f64(cfg.timeout_s.min(10.0)))
            .pool_max_idle_per_host(cfg.max_concurrency.max(1))
            .build()?;
        Ok(Teacher {
            sem: Semaphore::new(cfg.max_concurrency.max(1)),
            limiter: tokio::sync::Mutex::new(Limiter {
                next_request: Instant::now(),
                tokens_window: vec![],
            }),
            usage: Mutex::new(Usage::default()),
            cfg,
            http,
            api_key,
        })
    }

    pub fn config(&self) -> &TeacherConfig {
        &self.cfg
    }

    fn url(&self) -> String {
        let base = self.cfg.base_url.trim_end_matches('/');
        match self.cfg.endpoint {
            Endpoint::Chat => format!("{base}/chat/completions"),
            Endpoint::Completions => format!("{base}/completions"),
        }
    }

    fn body(&self, r: &Request) -> serde_json::Value {
        let mut b = match self.cfg.endpoint {
            Endpoint::Chat => {
                let mut msgs = vec![];
                if let Some(s) = &r.system {
                    msgs.push(serde_json::json!({"role": "system", "content": s}));
                }
                msgs.push(serde_json::json!({"role": "user", "content": r.prompt}));
                serde_json::json!({"model": self.cfg.model, "messages": msgs})
            }
            Endpoint::Completions => {
                let prompt = match &r.system {
                    Some(s) => format!("{s}\n\n{}", r.prompt),
                    None => r.prompt.clone(),
                };
                serde_json::json!({"model": self.cfg.model, "prompt": prompt})
            }
        };
        b["max_tokens"] = r.max_tokens.into();
        b["temperature"] = r.temperature.into();
        if let Some(s) = r.seed {
            b["seed"] = s.into();
        }
        b
    }

    /// Wait for the requests/s and tokens/min budgets.
    async fn pace(&self, expected_tokens: u64) {
        loop {
            let wait = {
                let mut l = self.limiter.lock().await;
                let now = Instant::now();
                let mut wait = Duration::ZERO;
                if self.cfg.requests_per_s.is_some_and(|r| r > 0.0) && l.next_request > now {
                    wait = l.next_request - now;
                }
                if let Some(tpm) = self.cfg.tokens_per_min.filter(|t| *t > 0.0) {
                    l.tokens_window
                        .retain(|(t, _)| now.duration_since(*t) < Duration::from_secs(60));
                    let used: u64 = l.tokens_window.iter().map(|x| x.1).sum();
                    if used + expected_tokens > tpm as u64 && !l.tokens_window.is_empty() {
                        let oldest = l.tokens_window[0].0;
                        wait = wait.max(
                            Duration::from_secs(60).saturating_sub(now.duration_since(oldest)),
                        );
                    }
                }
                if wait.is_zero() {
                    if let Some(rps) = self.cfg.requests_per_s.filter(|r| *r > 0.0) {
                        l.next_request =
                            now.max(l.next_request) + Duration::from_secs_f64(1.0 / rps);
                    }
                    if self.cfg.tokens_per_min.is_some() {
                        l.tokens_window.push((now, expected_tokens));
                    }
                }
                wait
            };
            if wait.is_zero() {
                return;
            }
            tokio::time::sleep(wait).await;
        }
    }

    async fn attempt(&self, r: &Request) -> Result<Completion, CallError> {
        let mut req = self
            .http
            .post(self.url())
            .header("X-Curate-Key", &r.key)
            .json(&self.body(r));
        if let Some(k) = &self.api_key {
            let mut v = reqwest::header::HeaderValue::from_str(&format!("Bearer {k}"))
                .map_err(|_| CallError::Other("API key is not a valid header value".into()))?;
            v.set_sensitive(true);
            req = req.header(reqwest::header::AUTHORIZATION, v);
        }
        let t0 = Instant::now();
        let resp = req.send().await.map_err(classify)?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<f64>().ok());
        let bytes = resp.bytes().await.map_err(classify)?;
        if status != 200 {
            let body = String::from_utf8_lossy(&bytes).chars().take(300).collect();
            return Err(CallError::Status {
                status,
                body,
                retry_after,
            });
        }
        let v: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| CallError::BadResponse(format!("{e} ({} bytes)", bytes.len())))?;
        let choice = &v["choices"][0];
        let text = match self.cfg.endpoint {
            Endpoint::Chat => choice["message"]["content"].as_str(),
            Endpoint::Completions => choice["text"].as_str(),
        }
        .ok_or_else(|| CallError::BadResponse("no choices[0] text".into()))?
        .to_string();
        Ok(Completion {
            text,
            finish_reason: choice["finish_reason"].as_str().unwrap_or("").to_string(),
            prompt_tokens: v["usage"]["prompt_tokens"].as_u64().unwrap_or(0),
            completion_tokens: v["usage"]["completion_tokens"].as_u64().unwrap_or(0),
            latency_ms: t0.elapsed().as_secs_f64() * 1e3,
            attempts: 1,
        })
    }

    /// Send `r`, retrying what can be retried; returns the last error when
    /// the retries are exhausted.
    pub async fn complete(&self, r: &Request) -> Result<Completion, CallError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let res = {
                let _permit = self.sem.acquire().await.expect("semaphore closed");
                self.pace(r.max_tokens as u64 + r.prompt.len() as u64 / 4)
                    .await;
                self.usage.lock().unwrap().requests += 1;
                self.attempt(r).await
            };
            match res {
                Ok(mut c) => {
                    c.attempts = attempt;
                    let mut u = self.usage.lock().unwrap();
                    u.completions += 1;
                    u.prompt_tokens += c.prompt_tokens;
                    u.completion_tokens += c.completion_tokens;
                    u.latencies_ms.push(c.latency_ms);
                    return Ok(c);
                }
                Err(e) => {
                    *self
                        .usage
                        .lock()
                        .unwrap()
                        .failures
                        .entry(e.kind())
                        .or_default() += 1;
                    if !e.retryable() || attempt > self.cfg.max_retries {
                        return Err(e);
                    }
                    let cap = (self.cfg.backoff_initial_s * 2f64.powi(attempt as i32 - 1))
                        .min(self.cfg.backoff_max_s);
                    let mut delay = rand::rng().random_range(0.0..=cap.max(1e-3));
                    if let CallError::Status {
                        retry_after: Some(s),
                        ..
                    } = &e
                    {
                        delay = delay.max(*s);
                    }
                    tracing::debug!(key = %r.key, "attempt {attempt} failed ({e}); retrying in {delay:.2}s");
                    tokio::time::sleep(Duration::from_secs_f64(delay)).await;
                }
            }
        }
    }
}

/// The error and its causes, without the URL.
fn chain(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut s = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(c) = src {
        s.push_str(&format!(": {c}"));
        src = c.source();
    }
    s
}

fn classify(e: reqwest::Error) -> CallError {
    if e.is_timeout() {
        CallError::Timeout
    } else if e.is_decode() {
        CallError::BadResponse(chain(e))
    } else {
        CallError::Connect(chain(e))
    }
}
