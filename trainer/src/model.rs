//! A small Llama-architecture GPT in candle: token embedding, pre-norm
//! blocks (RMSNorm -> causal self-attention with rotary positions -> residual,
//! RMSNorm -> SwiGLU MLP -> residual), final RMSNorm, output tied to the
//! embedding. Parameter names and the rotary convention (rotate-half, as in
//! `transformers`' `LlamaRotaryEmbedding`) are those of `LlamaForCausalLM`,
//! so `model.safetensors` + `config.json` load there without conversion.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use candle_core::{DType, Device, Tensor, Var, D};
use rand::rngs::StdRng;
use rand::SeedableRng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

/// Model shape. Serialized as (a subset of) a Hugging Face Llama `config.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub intermediate_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    /// Context length the model is trained at.
    pub max_position_embeddings: usize,
    #[serde(default = "default_eps")]
    pub rms_norm_eps: f64,
    #[serde(default = "default_theta")]
    pub rope_theta: f64,
}

fn default_eps() -> f64 {
    1e-5
}
fn default_theta() -> f64 {
    10000.0
}

impl Config {
    pub fn head_dim(&self) -> usize {
        self.hidden_size / self.num_attention_heads
    }

    pub fn validate(&self) -> Result<()> {
        if !self.hidden_size.is_multiple_of(self.num_attention_heads) {
            bail!(
                "hidden_size {} is not a multiple of num_attention_heads {}",
                self.hidden_size,
                self.num_attention_heads
            );
        }
        if !self.head_dim().is_multiple_of(2) {
            bail!("head dimension {} must be even (rotary)", self.head_dim());
        }
        Ok(())
    }

    /// Number of parameters (embedding counted once: it is tied).
    pub fn parameters(&self) -> usize {
        let (d, f) = (self.hidden_size, self.intermediate_size);
        self.vocab_size * d + self.num_hidden_layers * (4 * d * d + 3 * d * f + 2 * d) + d
    }

    /// The Hugging Face `config.json` for `LlamaForCausalLM`.
    pub fn hf_config(&self, bos: u32, eos: u32) -> serde_json::Value {
        serde_json::json!({
            "architectures": ["LlamaForCausalLM"],
            "model_type": "llama",
            "vocab_size": self.vocab_size,
            "hidden_size": self.hidden_size,
            "intermediate_size": self.intermediate_size,
            "num_hidden_layers": self.num_hidden_layers,
            "num_attention_heads": self.num_attention_heads,
            "num_key_value_heads": self.num_attention_heads,
            "head_dim": self.head_dim(),
            "max_position_embeddings": self.max_position_embeddings,
            "rms_norm_eps": self.rms_norm_eps,
            "rope_theta": self.rope_theta,
            "hidden_act": "silu",
            "attention_bias": false,
            "mlp_bias": false,
            "tie_word_embeddings": true,
            "bos_token_id": bos,
            "eos_token_id": eos,
            "torch_dtype": "float32",
        })
    }

    pub fn read(path: &Path) -> Result<Config> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let c: Config =
            serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        c.validate()?;
        Ok(c)
    }
}

/// Parameter names, in a fixed order.
pub fn param_names(cfg: &Config) -> Vec<String> {
    let mut names = vec!["model.embed_tokens.weight".to_string()];
    for i in 0..cfg.num_hidden_layers {
        for p in [
            "input_layernorm.weight",
            "self_attn.q_proj.weight",
            "self_attn.k_proj.weight",
            "self_attn.v_proj.weight",
            "self_attn.o_proj.weight",
            "post_attention_layernorm.weight",
            "mlp.gate_proj.weight",
            "mlp.up_proj.weight",
            "mlp.down_proj.weight",
        ] {
            names.push(format!("model.layers.{i}.{p}"));
        }
    }
    names.push("model.norm.weight".into());
    names
}

/// The model: its parameters as candle `Var`s keyed by Hugging Face name.
pub struct Gpt {
    pub cfg: Config,
    pub params: BTreeMap<String, Var>,
    cos: Tensor,
    sin: Tensor,
}

impl Gpt {
    /// Fresh weights: N(0, 0.02), residual output projections scaled by
    /// 1/sqrt(2 * layers) (GPT-2), norms at 1. Deterministic in `seed`.
    pub fn init(cfg: &Config, seed: u64, dev: &Device) -> Result<Gpt> {
        cfg.validate()?;
        let mut rng = StdRng::seed_from_u64(seed);
        let (d, f, v) = (cfg.hidden_size, cfg.intermediate_size, cfg.vocab_size);
        let resid = 0.02 / (2.0 * cfg.num_hidden_layers as f64).sqrt();
        let mut params = BTreeMap::new();
        for name in param_names(cfg) {
            let (shape, std): (Vec<usize>, f64) = if name.ends_with("norm.weight") {
                (vec![d], 0.0)
            } else if name.contains("embed_tokens") {
                (vec![v, d], 0.02)
            } else if name.contains("o_proj") {
                (vec![d, d], resid)
            } else if name.contains("down_proj") {
                (vec![d, f], resid)
            } else if name.contains("gate_proj") || name.contains("up_proj") {
                (vec![f, d], 0.02)
            } else {
                (vec![d, d], 0.02)
            };
            let n: usize = shape.iter().product();
            let data: Vec<f32> = if std == 0.0 {
                vec![1.0; n]
            } else {
                let dist = Normal::new(0.0, std as f32).unwrap();
                (0..n).map(|_| dist.sample(&mut rng)).collect()
            };
            let t = Tensor::from_vec(data, shape, dev)?;
            params.insert(name, Var::from_tensor(&t)?);
        }
        Self::with_params(cfg.clone(), params, dev)
    }

    /// Load `model.safetensors`-style tensors.
    pub fn from_tensors(
        cfg: &Config,
        tensors: &BTreeMap<String, Tensor>,
        dev: &Device,
    ) -> Result<Gpt> {
        cfg.validate()?;
        let mut params = BTreeMap::new();
        for name in param_names(cfg) {
            let t = tensors
                .get(&name)
                .with_context(|| format!("checkpoint lacks tensor {name}"))?
                .to_dtype(DType::F32)?
                .to_device(dev)?;
            params.insert(name, Var::from_tensor(&t)?);
        }
        Self::with_params(cfg.clone(), params, dev)
    }

    fn with_params(cfg: Config, params: BTreeMap<String, Var>, dev: &Device) -> Result<Gpt> {
        let hd = cfg.head_dim();
        let t = cfg.max_position_embeddings;
        let inv: Vec<f32> = (0..hd / 2)
            .map(|i| 1.0 / (cfg.rope_theta as f32).powf(2.0 * i as f32 / hd as f32))
            .collect();
        let mut cos = Vec::with_capacity(t * hd);
        let mut sin = Vec::with_capacity(t * hd);
        for p in 0..t {
            // emb = cat(freqs, freqs), as in transformers
            for half in 0..2 {
                let _ = half;
                for f in &inv {
                    let a = p as f32 * f;
                    cos.push(a.cos());
                    sin.push(a.sin());
                }
            }
        }
        let cos = Tensor::from_vec(cos, (t, hd), dev)?;
        let sin = Tensor::from_vec(sin, (t, hd), dev)?;
        Ok(Gpt {
            cfg,
            params,
            cos,
            sin,
        })
    }

    pub fn vars(&self) -> Vec<(String, Var)> {
        self.params
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    fn p(&self, name: &str) -> &Tensor {
        self.params[name].as_tensor()
    }

    /// Write the weights as `model.safetensors` (tied: no `lm_head.weight`).
    pub fn save(&self, path: &Path) -> Result<()> {
        let map: std::collections::HashMap<String, Tensor> = self
            .params
            .iter()
            .map(|(k, v)| (k.clone(), v.as_tensor().clone()))
            .collect();
        candle_core::safetensors::save(&map, path)?;
        Ok(())
    }

    /// Logits `[B, T, vocab]` for token ids `[B, T]` (u32), T <= context.
    pub fn forward(&self, ids: &Tensor) -> Result<Tensor> {
        let (b, t) = ids.dims2()?;
        let cfg = &self.cfg;
        if t > cfg.max_position_embeddings {
            bail!(
                "sequence of {t} tokens is longer than the context {}",
                cfg.max_position_embeddings
            );
        }
        let (d, h, hd) = (cfg.hidden_size, cfg.num_attention_heads, cfg.head_dim());
        let emb = self.p("model.embed_tokens.weight");
        let mut x = emb
            .index_select(&ids.flatten_all()?, 0)?
            .reshape((b, t, d))?;
        let cos = self.cos.narrow(0, 0, t)?;
        let sin = self.sin.narrow(0, 0, t)?;
        let mask: Vec<f32> = (0..t)
            .flat_map(|i| (0..t).map(move |j| if j <= i { 0.0 } else { f32::NEG_INFINITY }))
            .collect();
        let mask = Tensor::from_vec(mask, (t, t), ids.device())?;
        let eps = cfg.rms_norm_eps;
        let scale = 1.0 / (hd as f64).sqrt();
        for i in 0..cfg.num_hidden_layers {
            let w = |n: &str| self.p(&format!("model.layers.{i}.{n}"));
            let hn = rms_norm(&x, w("input_layernorm.weight"), eps)?;
            let heads = |wname: &str| -> Result<Tensor> {
                Ok(linear(&hn, w(wname))?
                    .reshape((b, t, h, hd))?
                    .transpose(1, 2)?
                    .contiguous()?)
            };
            let q = rope(&heads("self_attn.q_proj.weight")?, &cos, &sin)?;
            let k = rope(&heads("self_attn.k_proj.weight")?, &cos, &sin)?;
            let v = heads("self_attn.v_proj.weight")?;
            let att = (q.matmul(&k.t()?.contiguous()?)? * scale)?.broadcast_add(&mask)?;
            let att = candle_nn::ops::softmax(&att, D::Minus1)?;
            let y = att
                .matmul(&v)?
                .transpose(1, 2)?
                .contiguous()?
                .reshape((b, t, d))?;
            x = (x + linear(&y, w("self_attn.o_proj.weight"))?)?;
            let hn = rms_norm(&x, w("post_attention_layernorm.weight"), eps)?;
            let g = linear(&hn, w("mlp.gate_proj.weight"))?.silu()?;
            let u = linear(&hn, w("mlp.up_proj.weight"))?;
            x = (x + linear(&(g * u)?, w("mlp.down_proj.weight"))?)?;
        }
        let x = rms_norm(&x, self.p("model.norm.weight"), eps)?;
        Ok(linear(&x, emb)?)
    }

    /// Logits for `ids` `[B, T]`, flattened (tests compare models with it).
    #[cfg(test)]
    pub(crate) fn flat_logits(&self, ids: &Tensor) -> Vec<f32> {
        self.forward(ids)
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1()
            .unwrap()
    }

    /// Mean next-token cross-entropy of `targets` `[B, T]` given `inputs`.
    pub fn loss(&self, inputs: &Tensor, targets: &Tensor) -> Result<Tensor> {
        let logits = self.forward(inputs)?;
        let (b, t, v) = logits.dims3()?;
        Ok(candle_nn::loss::cross_entropy(
            &logits.reshape((b * t, v))?,
            &targets.flatten_all()?,
        )?)
    }
}

/// `x @ w^T` for x `[B, T, in]`, w `[out, in]` (a bias-free `nn.Linear`).
fn linear(x: &Tensor, w: &Tensor) -> candle_core::Result<Tensor> {
    let (b, t, i) = x.dims3()?;
    let o = w.dim(0)?;
    x.reshape((b * t, i))?.matmul(&w.t()?)?.reshape((b, t, o))
}

/// RMSNorm, differentiable (candle's fused op has no backward pass).
fn rms_norm(x: &Tensor, w: &Tensor, eps: f64) -> candle_core::Result<Tensor> {
    let r = (x.sqr()?.mean_keepdim(D::Minus1)? + eps)?.sqrt()?.recip()?;
    x.broadcast_mul(&r)?.broadcast_mul(w)
}

/// Rotary embedding, rotate-half convention: x*cos + rotate_half(x)*sin.
fn rope(x: &Tensor, cos: &Tensor, sin: &Tensor) -> candle_core::Result<Tensor> {
    let hd = x.dim(D::Minus1)?;
    let x1 = x.narrow(D::Minus1, 0, hd / 2)?;
    let x2 = x.narrow(D::Minus1, hd / 2, hd / 2)?;
    let rot = Tensor::cat(&[&x2.neg()?, &x1], D::Minus1)?;
    x.broadcast_mul(cos)? + rot.broadcast_mul(sin)?
}

/// Load `dir/config.json` + `dir/model.safetensors`.
pub fn load_dir(dir: &Path, dev: &Device) -> Result<Gpt> {
    let cfg = Config::read(&dir.join("config.json"))?;
    let w = dir.join("model.safetensors");
    let tensors = candle_core::safetensors::load(&w, dev)
        .with_context(|| format!("reading {}", w.display()))?;
    let tensors: BTreeMap<String, Tensor> = tensors.into_iter().collect();
    Gpt::from_tensors(&cfg, &tensors, dev)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn tiny() -> Config {
        Config {
            vocab_size: 50,
            hidden_size: 16,
            intermediate_size: 40,
            num_hidden_layers: 2,
            num_attention_heads: 2,
            max_position_embeddings: 12,
            rms_norm_eps: 1e-5,
            rope_theta: 10000.0,
        }
    }

    #[test]
    fn shapes_param_count_and_causality() {
        let dev = Device::Cpu;
        let cfg = tiny();
        let m = Gpt::init(&cfg, 1, &dev).unwrap();
        let n: usize = m.params.values().map(|v| v.as_tensor().elem_count()).sum();
        assert_eq!(n, cfg.parameters());
        let a = Tensor::new(&[[1u32, 2, 3, 4, 5, 6]], &dev).unwrap();
        let b = Tensor::new(&[[1u32, 2, 3, 9, 9, 9]], &dev).unwrap();
        let la = m.forward(&a).unwrap();
        assert_eq!(la.dims(), &[1, 6, 50]);
        let lb = m.forward(&b).unwrap();
        // positions 0..3 see the same prefix: same logits; position 3 differs
        let diff = |p: usize| -> f32 {
            (la.get(0).unwrap().get(p).unwrap() - lb.get(0).unwrap().get(p).unwrap())
                .unwrap()
                .abs()
                .unwrap()
                .max(0)
                .unwrap()
                .to_vec0()
                .unwrap()
        };
        assert!(diff(2) < 1e-6);
        assert!(diff(3) > 1e-4);
        // Fresh model: loss near ln(vocab).
        let l: f32 = m.loss(&a, &b).unwrap().to_vec0().unwrap();
        assert!((l - (50f32).ln()).abs() < 0.5, "{l}");
    }

    #[test]
    fn save_load_same_logits() {
        let dev = Device::Cpu;
        let cfg = tiny();
        let m = Gpt::init(&cfg, 3, &dev).unwrap();
        let d = tempfile::tempdir().unwrap();
        m.save(&d.path().join("model.safetensors")).unwrap();
        std::fs::write(
            d.path().join("config.json"),
            serde_json::to_string(&cfg.hf_config(0, 0)).unwrap(),
        )
        .unwrap();
        let m2 = load_dir(d.path(), &dev).unwrap();
        let x = Tensor::new(&[[4u32, 8, 15, 16, 23, 42]], &dev).unwrap();
        assert_eq!(m.flat_logits(&x), m2.flat_logits(&x));
    }
}
