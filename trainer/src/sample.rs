//! Text generation from a trained model: temperature and top-k sampling,
//! seeded, with the context cropped to the model's window.

use anyhow::Result;
use candle_core::{Device, Tensor};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::model::Gpt;

#[derive(Debug, Clone)]
pub struct SampleConfig {
    pub max_new_tokens: usize,
    /// 0 = greedy.
    pub temperature: f64,
    /// 0 = no top-k cut.
    pub top_k: usize,
    pub seed: u64,
    /// Stop when this token is produced.
    pub stop: Option<u32>,
}

/// Continue `prompt` ids; returns only the new ids.
pub fn generate(model: &Gpt, prompt: &[u32], sc: &SampleConfig) -> Result<Vec<u32>> {
    let dev = Device::Cpu;
    let ctx = model.cfg.max_position_embeddings;
    let mut ids = prompt.to_vec();
    let mut out = vec![];
    let mut rng = StdRng::seed_from_u64(sc.seed);
    for _ in 0..sc.max_new_tokens {
        let window = &ids[ids.len().saturating_sub(ctx)..];
        let x = Tensor::new(window, &dev)?.unsqueeze(0)?;
        let logits = model.forward(&x)?;
        let last: Vec<f32> = logits.get(0)?.get(window.len() - 1)?.to_vec1()?;
        let next = pick(&last, sc, &mut rng);
        if Some(next) == sc.stop {
            break;
        }
        ids.push(next);
        out.push(next);
    }
    Ok(out)
}

fn pick(logits: &[f32], sc: &SampleConfig, rng: &mut StdRng) -> u32 {
    let argmax = || {
        logits
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i as u32)
            .unwrap_or(0)
    };
    if sc.temperature <= 0.0 {
        return argmax();
    }
    let mut idx: Vec<usize> = (0..logits.len()).collect();
    idx.sort_by(|&a, &b| logits[b].total_cmp(&logits[a]));
    if sc.top_k > 0 {
        idx.truncate(sc.top_k);
    }
    let t = sc.temperature as f32;
    let max = logits[idx[0]] / t;
    let w: Vec<f64> = idx
        .iter()
        .map(|&i| ((logits[i] / t - max) as f64).exp())
        .collect();
    let total: f64 = w.iter().sum();
    let mut r = rng.random::<f64>() * total;
    for (k, &wi) in w.iter().enumerate() {
        r -= wi;
        if r <= 0.0 {
            return idx[k] as u32;
        }
    }
    idx[idx.len() - 1] as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_and_top1_agree_and_respect_k() {
        let logits = [0.1f32, 3.0, 0.2, 2.9];
        let mut rng = StdRng::seed_from_u64(0);
        let g = SampleConfig {
            max_new_tokens: 1,
            temperature: 0.0,
            top_k: 0,
            seed: 0,
            stop: None,
        };
        assert_eq!(pick(&logits, &g, &mut rng), 1);
        let k1 = SampleConfig {
            temperature: 1.0,
            top_k: 1,
            ..g.clone()
        };
        for _ in 0..20 {
            assert_eq!(pick(&logits, &k1, &mut rng), 1);
        }
        let k2 = SampleConfig {
            temperature: 1.0,
            top_k: 2,
            ..g
        };
        let picks: std::collections::HashSet<u32> =
            (0..200).map(|_| pick(&logits, &k2, &mut rng)).collect();
        assert_eq!(picks, [1u32, 3].into_iter().collect());
    }
}
