"""Group similar comments: jieba words, TF-IDF weights, cosine similarity, average-linkage clustering.

TF-IDF over jieba's words (and character pairs, which catch a shared phrase that jieba cut differently) makes
the words every comment uses (建议, 本条) count little and the distinctive ones (电动自行车, 充电) much;
average linkage with a distance threshold (scikit-learn) needs no number of clusters given in advance.
"""

from __future__ import annotations

from collections import Counter

import jieba
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances

#: Cosine distance under which comments join one cluster (0 = identical wording, 1 = nothing in common).
DEFAULT_THRESHOLD = 0.85
_STOP = frozenset(
    [
        "的",
        "了",
        "和",
        "是",
        "在",
        "与",
        "及",
        "或",
        "对",
        "将",
        "把",
        "被",
        "就",
        "也",
        "都",
        "而",
        "等",
        "我",
        "我们",
        "建议",
        "认为",
        "希望",
        "应当",
        "应该",
        "本条",
        "条款",
    ]
)


def tokens(text: str) -> list[str]:
    words = [w.strip() for w in jieba.lcut(text) if w.strip()]
    words = [w for w in words if w not in _STOP and any(ch.isalnum() for ch in w)]
    pairs = [text[i : i + 2] for i in range(len(text) - 1) if text[i : i + 2].isalnum()]
    return words + pairs


def cluster_texts(texts: list[str], threshold: float = DEFAULT_THRESHOLD) -> list[list[int]]:
    """Indexes of ``texts`` grouped by similarity (every text in exactly one group, singletons included)."""
    if len(texts) < 2:
        return [[i] for i in range(len(texts))]
    vectorizer = TfidfVectorizer(tokenizer=tokens, lowercase=False, token_pattern=None, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no words at all (only punctuation)
        return [[i] for i in range(len(texts))]
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    ).fit_predict(cosine_distances(matrix))  # a text without words is at distance 1 from all others
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def cluster_title(texts: list[str]) -> str:
    """The words the cluster's comments share most, as a working title staff can change."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({w for w in jieba.lcut(text) if len(w) >= 2 and w not in _STOP and w.isalnum()})
    common = [w for w, n in counts.most_common(4) if n >= 2] or [w for w, _ in counts.most_common(3)]
    return "、".join(common)[:200] or texts[0][:40]
