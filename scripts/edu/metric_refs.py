# Reference values pinned in pipeline/src/stages/evaluate.rs tests
# (scikit-learn 1.9.1, scipy 1.17.1, numpy): python scripts/edu/metric_refs.py
import numpy as np, scipy.stats as st
from sklearn import metrics as m
Y = np.array([1., 2., 2., 3., 1., 4., 2., 3., 1., 2., 3., 2.])
S = np.array([1.2, 1.9, 2.6, 2.4, 0.8, 3.7, 1.1, 3.2, 1.9, 2.2, 2.8, 2.2])
P = np.clip(np.round(S), 1, 4)
print("const REF_SPEARMAN: f64 = %r;" % float(st.spearmanr(Y, S).statistic))
print("const REF_KENDALL: f64 = %r;" % float(st.kendalltau(Y, S).statistic))
print("const REF_ROC: f64 = %r;" % m.roc_auc_score(Y >= 3, S))
print("const REF_AP: f64 = %r;" % m.average_precision_score(Y >= 3, S))
print("const REF_F1: f64 = %r;" % m.f1_score(Y >= 3, S >= 2.5))
print("const REF_ACC: f64 = %r;" % m.accuracy_score(Y, P))
print("const REF_MACRO_F1: f64 = %r;" % m.f1_score(Y, P, average='macro'))
print(m.roc_auc_score([0,1,0,1],[0.5,0.5,0.2,0.9]), m.average_precision_score([0,1,0,1],[0.5,0.5,0.2,0.9]), np.percentile(np.arange(1,11),[2.5,97.5]))
