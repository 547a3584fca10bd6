# Prototype (scikit-learn): what carries educational-value signal on the 806 human-labelled
# Danish documents, over repeated random 80/20 splits. python scripts/edu/proto.py [splits]
# (venv with scikit-learn, scipy, numpy, pandas; run from the repository root).
import json, re, sys, numpy as np, pandas as pd
from scipy.stats import spearmanr
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import Ridge, LogisticRegression
from sklearn.preprocessing import StandardScaler
from scipy.sparse import hstack, csr_matrix
d = pd.read_csv('../shared/data/edu/fineweb_c_danish_human.csv')
d = d[~d.problematic_content_label_present].reset_index(drop=True)
g = pd.DataFrame(json.load(open('../shared/data/edu/danish_fineweb2_gemini.json')))
y_int = d.integer_score.values.astype(float); y_f = d.float_score.values
texts = d.text.tolist(); gtexts = g.text.tolist(); gy = g.educational_score.values + 1.0

def dense(ts):
    out = []
    for t in ts:
        words = re.findall(r'\w+', t); nw = max(len(words), 1)
        lines = [l for l in t.split('\n') if l.strip()]
        out.append([np.log1p(len(t)), np.log1p(nw), np.mean([len(w) for w in words]) if words else 0,
                    sum(c.isdigit() for c in t)/max(len(t),1), np.log1p(len(lines)),
                    sum(c in '.,;:!?' for c in t)/max(len(t),1), len(set(w.lower() for w in words))/nw,
                    np.mean([len(l) for l in lines]) if lines else 0, sum(c.isupper() for c in t)/max(len(t),1)])
    return np.array(out)
D = dense(texts); GD = dense(gtexts)
wv = HashingVectorizer(analyzer='word', ngram_range=(1,2), n_features=2**18, alternate_sign=False, norm=None, lowercase=True)
cv = HashingVectorizer(analyzer='char_wb', ngram_range=(3,5), n_features=2**18, alternate_sign=False, norm=None, lowercase=True)
W = wv.transform(texts); C = cv.transform(texts); GW = wv.transform(gtexts); GC = cv.transform(gtexts)

rng = np.random.RandomState(0)
splits = []
for r in range(int(sys.argv[1]) if len(sys.argv) > 1 else 20):
    p = rng.permutation(len(d)); n = len(d)//5
    splits.append((p[n:], p[:n]))

def evaluate(name, fit_pred):
    rs = []
    for tr, te in splits:
        pred = fit_pred(tr, te)
        rs.append(spearmanr(pred, y_int[te]).correlation)
    rs = np.array(rs); print(f'{name:55s} mean {rs.mean():.3f} sd {rs.std():.3f} min {rs.min():.3f}', flush=True)

evaluate('length (chars)', lambda tr, te: D[te, 0])
evaluate('dense ridge', lambda tr, te: Ridge(1.0).fit(StandardScaler().fit(D[tr]).transform(D[tr]), y_f[tr]).predict(StandardScaler().fit(D[tr]).transform(D[te])))

def tfidf_ridge(X, alpha, use_dense=True, target=None, gem=None, gw=0.3):
    target = y_f if target is None else target
    def f(tr, te):
        Xtr = X[tr]; yt = target[tr]; sw = np.ones(len(tr))
        if gem is not None:
            Xtr = __import__('scipy').sparse.vstack([Xtr, gem]); yt = np.concatenate([yt, gy]); sw = np.concatenate([sw, np.full(len(gy), gw)])
        tf = TfidfTransformer(sublinear_tf=True).fit(Xtr)
        A = tf.transform(Xtr); B = tf.transform(X[te])
        if use_dense:
            Dtr = D[tr] if gem is None else np.vstack([D[tr], GD])
            sc = StandardScaler().fit(Dtr)
            A = hstack([A, csr_matrix(sc.transform(Dtr)*0.3)]).tocsr(); B = hstack([B, csr_matrix(sc.transform(D[te])*0.3)]).tocsr()
        return Ridge(alpha).fit(A, yt, sample_weight=sw).predict(B)
    return f
for a in [1, 3, 10]:
    evaluate(f'word1-2 tfidf ridge a={a}', tfidf_ridge(W, a, False))
    evaluate(f'char3-5 tfidf ridge a={a}', tfidf_ridge(C, a, False))
    evaluate(f'word+char+dense ridge a={a}', tfidf_ridge(hstack([W, C]).tocsr(), a))
    evaluate(f'word+char+dense ridge a={a} int target', tfidf_ridge(hstack([W, C]).tocsr(), a, target=y_int))
    evaluate(f'word+char+dense ridge a={a} +gemini w=.3', tfidf_ridge(hstack([W, C]).tocsr(), a, gem=hstack([GW, GC]).tocsr()))
    evaluate(f'word+dense ridge a={a}', tfidf_ridge(W, a))

# Variants: char_wb vs char, alpha, Gemini weight, 2^20 buckets.
Cwb = C; GCwb = GC
for a in [0.3, 1]:
    evaluate(f'char_wb3-5+dense a={a}', tfidf_ridge(Cwb, a))
    for w in [0.3, 1.0]:
        evaluate(f'char_wb3-5+dense a={a} gem w={w}', tfidf_ridge(Cwb, a, gem=GCwb, gw=w))
evaluate(f'char_wb3-5 a=1 gem w=.3 nodense', tfidf_ridge(Cwb, 1, use_dense=False, gem=GCwb))
cv2 = HashingVectorizer(analyzer='char', ngram_range=(3,5), n_features=2**18, alternate_sign=False, norm=None, lowercase=True)
C2 = cv2.transform(texts); GC2 = cv2.transform(gtexts)
evaluate(f'char3-5 (not wb)+dense a=1 gem w=.3', tfidf_ridge(C2, 1, gem=GC2))
cv3 = HashingVectorizer(analyzer='char_wb', ngram_range=(3,5), n_features=2**20, alternate_sign=False, norm=None, lowercase=True)
C3 = cv3.transform(texts); GC3 = cv3.transform(gtexts)
evaluate(f'char_wb3-5 2^20 +dense a=1 gem w=.3', tfidf_ridge(C3, 1, gem=GC3))
