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
    /// Extra fields merged into every request body, for server-specific
    /// sampling options (`top_k`, `min_p`, llama.cpp's `ignore_eos` or
    /// `cache_prompt`, vLLM's `repetition_penalty`, ...). The fields the
    /// client sets itself (`model`, `messages`, `prompt`) are refused.
    #[serde(default)]
    pub extra_body: serde_json::Map<String, serde_json::Value>,
}

impl TeacherConfig {
    /// Checks that cannot be expressed by serde.
    pub fn validate(&self) -> Result<(), String> {
        if self.max_concurrency == 0 {
            return Err("max_concurrency must be at least 1".into());
        }
        for k in ["model", "messages", "prompt"] {
            if self.extra_body.contains_key(k) {
                return Err(format!("extra_body may not set `{k}`: the client sets it"));
            }
        }
        if self.timeout_s <= 0.0 {
            return Err("timeout_s must be positive".into());
        }
        Ok(())
    }
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

/// Requests/s pacing and a sliding 60 s tokens window. Pure logic over a
/// given `now`, so it is tested without sleeping.
struct Limiter {
    next_request: Instant,
    /// (admitted at, tokens, slot id); the estimate is replaced by the
    /// actual usage once the answer arrives.
    tokens_window: Vec<(Instant, u64, u64)>,
    next_slot: u64,
}

impl Limiter {
    fn new(now: Instant) -> Limiter {
        Limiter {
            next_request: now,
            tokens_window: vec![],
            next_slot: 0,
        }
    }

    /// How long to wait before a request expected to use `expected` tokens
    /// may go; when zero, the request is admitted (and its slot returned).
    fn admit(
        &mut self,
        cfg: &TeacherConfig,
        now: Instant,
        expected: u64,
    ) -> (Duration, Option<u64>) {
        const WINDOW: Duration = Duration::from_secs(60);
        let mut wait = Duration::ZERO;
        if cfg.requests_per_s.is_some_and(|r| r > 0.0) && self.next_request > now {
            wait = self.next_request - now;
        }
        let tpm = cfg.tokens_per_min.filter(|t| *t > 0.0);
        if let Some(tpm) = tpm {
            self.tokens_window
                .retain(|(t, _, _)| now.duration_since(*t) < WINDOW);
            let used: u64 = self.tokens_window.iter().map(|x| x.1).sum();
            // A request larger than the whole budget still goes, alone.
            if used + expected > tpm as u64 && !self.tokens_window.is_empty() {
                let oldest = self.tokens_window[0].0;
                wait = wait.max(WINDOW.saturating_sub(now.duration_since(oldest)));
            }
        }
        if !wait.is_zero() {
            return (wait, None);
        }
        if let Some(rps) = cfg.requests_per_s.filter(|r| *r > 0.0) {
            self.next_request = now.max(self.next_request) + Duration::from_secs_f64(1.0 / rps);
        }
        let slot = tpm.map(|_| {
            self.next_slot += 1;
            self.tokens_window.push((now, expected, self.next_slot));
            self.next_slot
        });
        (Duration::ZERO, slot)
    }

    fn settle(&mut self, slot: u64, used: u64) {
        if let Some(e) = self.tokens_window.iter_mut().find(|e| e.2 == slot) {
            e.1 = used;
        }
    }
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
            limiter: tokio::sync::Mutex::new(Limiter::new(Instant::now())),
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
        for (k, v) in &self.cfg.extra_body {
            b[k] = v.clone();
        }
        b
    }

    /// Wait for the requests/s and tokens/min budgets; returns the slot
    /// taken in the tokens/min window, to be corrected by [`Self::settle`].
    async fn pace(&self, expected_tokens: u64) -> Option<u64> {
        loop {
            let now = Instant::now();
            let (wait, slot) = self
                .limiter
                .lock()
                .await
                .admit(&self.cfg, now, expected_tokens);
            if wait.is_zero() {
                return slot;
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Replace the estimate of a tokens/min slot by what the request used.
    async fn settle(&self, slot: Option<u64>, used: u64) {
        if let Some(id) = slot {
            self.limiter.lock().await.settle(id, used);
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
                // Until the server says, a request counts as its prompt
                // (about 4 bytes per token) plus all of max_tokens.
                let slot = self
                    .pace(r.max_tokens as u64 + r.prompt.len() as u64 / 4)
                    .await;
                self.usage.lock().unwrap().requests += 1;
                let res = self.attempt(r).await;
                // A failed attempt used no completion tokens we know of;
                // count its prompt.
                let used = match &res {
                    Ok(c) => c.prompt_tokens + c.completion_tokens,
                    Err(_) => r.prompt.len() as u64 / 4,
                };
                self.settle(slot, used).await;
                res
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> TeacherConfig {
        serde_json::from_value(serde_json::json!({
            "base_url": "http://127.0.0.1:9/v1", "model": "m"
        }))
        .unwrap()
    }

    #[test]
    fn requests_per_s_spaces_admissions() {
        let c = TeacherConfig {
            requests_per_s: Some(4.0),
            ..cfg()
        };
        let t0 = Instant::now();
        let mut l = Limiter::new(t0);
        assert_eq!(l.admit(&c, t0, 10).0, Duration::ZERO);
        // The second request at the same instant waits 1/4 s.
        let (w, _) = l.admit(&c, t0, 10);
        assert_eq!(w, Duration::from_millis(250));
        assert_eq!(l.admit(&c, t0 + w, 10).0, Duration::ZERO);
        // After an idle second there is no burst credit beyond one request.
        let t1 = t0 + Duration::from_secs(2);
        assert_eq!(l.admit(&c, t1, 10).0, Duration::ZERO);
        assert_eq!(l.admit(&c, t1, 10).0, Duration::from_millis(250));
    }

    #[test]
    fn tokens_per_min_waits_for_the_window_and_settles_to_actual_usage() {
        let c = TeacherConfig {
            tokens_per_min: Some(1000.0),
            ..cfg()
        };
        let t0 = Instant::now();
        let mut l = Limiter::new(t0);
        let (w, a) = l.admit(&c, t0, 600);
        assert_eq!(w, Duration::ZERO);
        // 600 + 600 > 1000: wait until the first leaves the 60 s window.
        let t1 = t0 + Duration::from_secs(1);
        let (w, none) = l.admit(&c, t1, 600);
        assert_eq!((w, none), (Duration::from_secs(59), None));
        // The first request really used 300 tokens: now 300 + 600 fits.
        l.settle(a.unwrap(), 300);
        let (w, b) = l.admit(&c, t1, 600);
        assert_eq!(w, Duration::ZERO);
        assert!(b.is_some() && b != a);
        // Window full (900 of 1000); after 60 s the first leaves it.
        assert!(l.admit(&c, t1, 200).0 > Duration::ZERO);
        assert_eq!(
            l.admit(&c, t0 + Duration::from_secs(60), 200).0,
            Duration::ZERO
        );
        // A request larger than the whole budget still goes, alone.
        let mut l = Limiter::new(t0);
        assert_eq!(l.admit(&c, t0, 5000).0, Duration::ZERO);
    }

    #[test]
    fn extra_body_is_merged_and_may_not_replace_the_prompt() {
        let mut c = cfg();
        c.endpoint = Endpoint::Completions;
        c.extra_body.insert("ignore_eos".into(), true.into());
        c.extra_body.insert("top_k".into(), 40.into());
        assert!(c.validate().is_ok());
        let t = Teacher::new(c.clone()).unwrap();
        let r = Request {
            key: "k".into(),
            system: Some("sys".into()),
            prompt: "p".into(),
            max_tokens: 7,
            temperature: 0.5,
            seed: Some(3),
        };
        let b = t.body(&r);
        assert_eq!(b["prompt"], "sys\n\np");
        assert_eq!(b["ignore_eos"], true);
        assert_eq!(b["top_k"], 40);
        assert_eq!(b["max_tokens"], 7);
        assert_eq!(t.url(), "http://127.0.0.1:9/v1/completions");
        c.extra_body.insert("prompt".into(), "x".into());
        assert!(c.validate().unwrap_err().contains("prompt"));
        c.extra_body.clear();
        c.max_concurrency = 0;
        assert!(c.validate().is_err());
    }

    #[test]
    fn cost_uses_both_prices() {
        let mut c = cfg();
        let u = Usage {
            prompt_tokens: 2_000_000,
            completion_tokens: 500_000,
            ..Default::default()
        };
        assert_eq!(u.cost(&c), None);
        c.price_prompt_per_1m = Some(0.5);
        assert_eq!(u.cost(&c), Some(1.25)); // completion priced as prompt
        c.price_completion_per_1m = Some(2.0);
        assert_eq!(u.cost(&c), Some(2.0));
        assert!(u.line(&c).contains("cost $2.0000"));
    }
}
