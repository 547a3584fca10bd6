# scikit-learn reference for `train_regressor` on the pipeline's own held-out split
# (xxh3 of the text, seed 0, share 0.2): the same recipe (char 3-5-gram TF-IDF,
# shape features x 0.3, ridge alpha 1, Gemini weak labels + 1 at weight 0.3).
# python scripts/edu/same_split.py   (venv with scikit-learn, scipy, pandas, xxhash)
import json, re, numpy as np, pandas as pd, xxhash
from scipy.stats import spearmanr
from scipy.sparse import hstack, csr_matrix, vstack
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import Ridge
from sklearn.preprocessing import StandardScaler
d = pd.read_csv('../shared/data/edu/fineweb_c_danish_human.csv')
d = d[~d.problematic_content_label_present].reset_index(drop=True)
g = pd.DataFrame(json.load(open('../shared/data/edu/danish_fineweb2_gemini.json')))
held = np.array([(xxhash.xxh3_64_intdigest(t.encode(), seed=0) % 1000000) / 1e6 < 0.2 for t in d.text])
def shape(t):
    words = re.findall(r'\w+', t); nw = max(len(words), 1); n = max(len(t), 1)
    lines = [l for l in t.split('\n') if l.strip()]
    return [np.log1p(len(t)), np.log1p(len(words)), np.mean([len(w) for w in words]) if words else 0,
            sum(c.isnumeric() for c in t) / n, np.log1p(len(lines)), sum(c in '.,;:!?' for c in t) / n,
            len(set(w.lower() for w in words)) / nw, np.mean([len(l) for l in lines]) if lines else 0,
            sum(c.isupper() for c in t) / n]
hv = HashingVectorizer(analyzer='char', ngram_range=(3, 5), n_features=2**18, alternate_sign=False, norm=None)
tr = d[~held]; te = d[held]
for weak in [False, True]:
    texts = list(tr.text) + (list(g.text) if weak else [])
    y = np.concatenate([tr.float_score.values, g.educational_score.values + 1.0 if weak else []])
    w = np.concatenate([np.ones(len(tr)), np.full(len(g), 0.3) if weak else []])
    X = hv.transform(texts); tf = TfidfTransformer(sublinear_tf=True).fit(X)
    D = np.array([shape(t) for t in texts]); sc = StandardScaler().fit(D)
    A = hstack([tf.transform(X), csr_matrix(sc.transform(D) * 0.3)]).tocsr()
    B = hstack([tf.transform(hv.transform(te.text)), csr_matrix(sc.transform(np.array([shape(t) for t in te.text])) * 0.3)]).tocsr()
    p = Ridge(1.0).fit(A, y, sample_weight=w).predict(B)
    print(f'weak={weak}: held out {len(te)}, Spearman vs integer_score {spearmanr(p, te.integer_score).statistic:.3f}')
print(f'length: {spearmanr(te.text.str.len(), te.integer_score).statistic:.3f}')
