"""One search interface over any SearchBackend, with a backend-independent re-ranker.

Flow: analyse the query (tokens with weights, expansions, law names, citations, crime names)
→ ask the backend for lexical candidates, plus direct look-ups for cited articles, charge
articles and articles of a named law → fetch their stored tokens → score every candidate with
a weighted BM25 of our own (so expansions can weigh less than typed words, and the question
part of a scenario more than its narrative) plus priors (authority, citation popularity,
national vs local) → highlight and facet.
"""

from __future__ import annotations

import functools
import heapq
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .backend import FACET_FIELDS, TITLE_TF, Fetched, SearchBackend, SqliteFtsBackend, idf, term_impact
from .charges import CRIMINAL_LAW_TITLE, ChargeMap, build_charge_map
from .highlight import snippet
from .lexicon import expand, legal_terms, load_colloquial
from .model import LEVELS, ArticleRecord, Filters, Hit, NamedWork, SearchResult, is_national
from .popularity import Popularity, citation_counts
from .query import Analysis, TitleEntry, TitleIndex, analyze, focus_bigrams
from .segment import Segmenter, get_segmenter, normalize

__all__ = ["LEVELS", "SearchBackend", "SearchEngine", "SqliteFtsBackend", "build_index"]

# Additive priors on a 0..1 lexical scale: authority of the source.
#: Bump when what build_index writes changes: installations then rebuild their index on the next import.
INDEX_FORMAT = 5  # 5: the everyday lexicon's terms join the dictionary
LEVEL_PRIOR = {0: 0.15, 1: 0.25, 2: 0.15, 3: 0.1, 4: 0.08, 5: 0.0, 6: -0.3, 7: -0.3}
W_COVERAGE = 0.25  # share of the query's (idf-weighted) terms the article contains
W_LAW_NAMED = 0.6  # the article belongs to a law the query names
W_STEM = 0.25  # the article's law is about a subject the query names (合作社 → 农民专业合作社法)
W_CHARGE = 1.2  # the article defines/punishes a crime the query names, in a criminal context
W_CHARGE_LOOSE = 0.3  # same crime words in a civil or administrative question
_CRIMINAL_CONTEXT = re.compile(r"罪名|被告人|公诉|指控|犯罪|刑事|判刑|坐牢|量刑|刑法")
# A criminal question naming a crime is answered from the Criminal Law: its general provisions
# (自首, 累犯, 共同犯罪, 缓刑) match the facts' words, and must outrank other laws' articles that do.
W_CRIMINAL_LAW = 0.3
W_CITED = 10.0  # the query cites exactly this article
W_IN_FORCE = 0.05  # when older versions are allowed, prefer the current text
W_WORK_POP = 0.15  # other works cite this law often (popularity.py)
W_ART_POP = 0.15  # practice cites this article often
W_LOCAL = -0.15  # a local regulation when the query names no place: national law is likelier
# Region prior: this platform serves one region (HOME_REGION, settings.LAW_SEARCH_HOME_REGION), where its
# own local regulations and rules apply beside national law and say more concretely what to do (上海市
# 养犬管理条例 beside 民法典 第一千二百四十五条). Like every local text they keep W_LOCAL, and they gain W_HOME
# times their coverage of the query (the idf-weighted share of its terms they contain): a home text comes out
# ahead only when it covers more than half the question; one sharing a single word stays down. (Without the
# penalty, LawBench 3-2/3-8 — national questions — lost items.) A query naming another place turns it off.
HOME_REGION = "上海"
W_HOME = 0.3
# Second stage over the head of the ranking. A scenario's asking sentence states what the answering
# article says, nearly word for word (公司发行记名股票时需要置备股东名册): its share of character
# bigrams found in the article, which word-level BM25 misses where segmentations differ.
W_FOCUS_BIGRAMS = 0.4
W_CLAUSE_BIGRAMS = 0.2  # the same for the asking clause of a one-sentence consultation (……我该怎么办？)
FOCUS_TOP = 100
# A law several of whose articles rank high is likelier the answer's law: each article of the top
# LAW_AGG_TOP gains with the sum of its law's best LAW_AGG_K margins over the cut (kept low: a
# question about one article of a law that is not its subject must not be buried).
W_LAW_AGG = 0.05
LAW_AGG_TOP = 50
LAW_AGG_K = 3
SCOPE_MAX_CHARS = 200
UNSEEN_MAX_CHARS = 40
FRAGMENT_MAX_CHARS = 4
WIDE = 1000  # first-stage candidates scored with priors before the exact re-scoring of `pool`
_PLACE = re.compile(r"^(.{2,10}?(?:自治区|自治州|省|市|县|盟|地区))")
_DEFINED = re.compile(r"(?:本法|本条例|本规定|本办法)所称([\u4e00-\u9fff]{2,10})，(?:是指|包括)")


def dictionary_words(records: Iterable[ArticleRecord], charges: ChargeMap) -> list[str]:
    """Legal user dictionary: short titles, crime names, defined terms, lexicon targets."""
    words: set[str] = set(legal_terms())
    for r in records:
        if len(r.short_title) <= 12:
            words.add(r.short_title)
        for m in _DEFINED.finditer(r.text):
            words.add(m.group(1))
    for name in charges.table:
        if "、" not in name and len(name) <= 10:
            words.update((name, name + "罪"))
    return sorted(w for w in words if 2 <= len(w) <= 16)


@functools.lru_cache(maxsize=8192)  # asked for every local candidate of a query naming a place
def place_of(title: str) -> str:
    """The place a local title starts with (青岛市残疾人保障条例 → 青岛), '' if none."""
    m = _PLACE.match(title)
    if not m:
        return ""
    place = m.group(1)
    for suffix in ("自治区", "自治州", "省", "市", "县", "盟", "地区"):
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


def build_index(
    records: Sequence[ArticleRecord],
    backend: SearchBackend,
    cache_dir: Path | None = None,
    batch: int = 2000,
    citing_texts: Iterable[str] = (),
) -> SearchEngine:
    """(Re)build an index from records: dictionary, charge map, citation popularity, all articles.

    `citing_texts`: further texts whose citations count for popularity (typical cases)."""
    charges = build_charge_map(records)
    words = dictionary_words(records, charges)
    seg = get_segmenter(words, cache_dir)
    backend.set_meta("format", INDEX_FORMAT)
    backend.set_meta("user_words", words)
    backend.set_meta("charges", charges.to_json())
    backend.set_meta("popularity", citation_counts(records, citing_texts))
    by_doc: dict[str, list[ArticleRecord]] = {}
    for r in records:
        by_doc.setdefault(r.doc_id, []).append(r)
    doc_ids = list(by_doc)
    for i in range(0, len(doc_ids), batch):
        chunk = doc_ids[i : i + batch]
        backend.replace_documents(chunk, [r for d in chunk for r in by_doc[d]], seg.tokens)
    backend.finish()
    return SearchEngine(backend, cache_dir)


class SearchEngine:
    """Search over any SearchBackend. Construct with a backend that build_index filled (or
    that holds the same metadata: user_words, charges, popularity)."""

    def __init__(self, backend: SearchBackend, cache_dir: Path | None = None, home_region: str | None = None) -> None:
        self.backend = backend
        self.home_region = HOME_REGION if home_region is None else home_region
        t0 = time.perf_counter()
        self.seg: Segmenter = get_segmenter(backend.get_meta("user_words") or [], cache_dir)  # type: ignore[arg-type]
        self.charges = ChargeMap.from_json(backend.get_meta("charges") or {})  # type: ignore[arg-type]
        self.popularity = Popularity(backend.get_meta("popularity"))  # type: ignore[arg-type]
        works = backend.titles()
        self.titles = TitleIndex([TitleEntry(w, s, lv) for w, s, _t, lv in works])
        # the Criminal Law's work key, whatever key scheme the feeding side uses
        self.criminal_work = next((w for w, _s, t, _lv in works if t == CRIMINAL_LAW_TITLE), CRIMINAL_LAW_TITLE)
        self.places = {place_of(t) for _w, _s, t, _lv in works} - {""}
        self._works: dict[str, tuple[str, str, str]] | None = None
        self.load_seconds = time.perf_counter() - t0

    @classmethod
    def open(
        cls, path: str | Path, cache_dir: Path | None = None, read_only: bool = True, home_region: str | None = None
    ) -> SearchEngine:
        """An engine over an index file; the connection refuses writes unless read_only=False."""
        return cls(SqliteFtsBackend(path, read_only=read_only), cache_dir, home_region)

    def search(
        self, query: str, filters: Filters | None = None, limit: int = 10, facets: bool = False, pool: int = 200
    ) -> SearchResult:
        """Ranked articles for a query. The type and region selection (`filters.doc_types`, `regions`) is
        applied to the ranking made without it, and the facets count that same ranking: a facet's count
        is exactly the number of hits that clicking it gives, in either backend."""
        selected = filters or Filters()
        filters = replace(selected, doc_types=(), regions=())
        n_docs, avgdl = self.backend.stats()
        df = self.backend.doc_freqs(self.seg.tokens(query))
        qa = analyze(query, self.seg, self.titles, self.charges, df=df)
        df.update(self.backend.doc_freqs(t for t in qa.weights if t not in df))
        weights = dict(qa.weights)
        # words the index has never seen (mid-phrase fragments like 抛物 in 高空抛物) → substring search;
        # not in long narratives, where they are names and story words (小张, 共计, 孙) that would
        # inject hundreds of articles sharing a character sequence with the story
        unseen = [t for t in qa.original if df.get(t, 0) == 0] if len(query) <= UNSEEN_MAX_CHARS else []
        tw = {t: weights[t] * idf(n_docs, df.get(t, 0)) for t in weights}  # query weight x idf
        qnorm = sum(tw.values()) or 1.0
        cited = {(w, n) for works, n in qa.citations for w in works}
        charge_arts: dict[tuple[int, int], float] = {}
        for name in qa.charges:
            for key, w in self.charges.articles(name):
                charge_arts[key] = max(charge_arts.get(key, 0.0), w)
        criminal = bool(_CRIMINAL_CONTEXT.search(query))
        ctx = _Context(
            laws=set(qa.laws),
            stems=set(qa.stems),
            cited=cited,
            charge_arts=charge_arts,
            charge_w=W_CHARGE if criminal else W_CHARGE_LOOSE,
            places={p for p in self.places if p in query},
            criminal=criminal and bool(charge_arts),
        )
        # the home region's prior, unless the query names some other place
        home = self.home_region if not (ctx.places - {self.home_region}) else ""
        fragment = _fragment(query, self.seg)
        phrase_hits = self.backend.substring(fragment, filters, pool) if fragment else []
        scan = getattr(self.backend, "scan", None)
        if phrase_hits:
            # A few characters jieba cannot make a word of (筑物 from 建筑物): answer from the
            # character index only, so every hit contains the string as typed.
            scan, unseen = None, []
        wide = scan(list(weights), filters, WIDE, weights) if scan is not None else None
        priors: dict[str, tuple[float, list[str]]] = {}
        if wide is not None:
            # Wide first stage: impact sums plus priors over WIDE articles, so the pool that is
            # fetched and re-scored exactly already prefers national, cited, named-law articles.
            top = max((c.score for c in wide), default=1.0) or 1.0
            priors = {
                c.article_id: self._prior(ctx, c.work_key, c.title, c.level, c.region, c.number, c.suffix, True)
                for c in wide
            }
            light = {
                c.article_id: c.score / top
                + (W_COVERAGE + (W_HOME if c.region == home else 0.0)) * c.matched / qnorm
                + priors[c.article_id][0]
                for c in wide
            }
            cands = dict(heapq.nlargest(pool, light.items(), key=lambda kv: kv[1]))
        elif phrase_hits:
            cands = {}
        else:
            cands = dict(self.backend.candidates(list(weights), filters, pool, weights))
        injected: dict[str, float] = dict.fromkeys(phrase_hits, 1.0)
        for t in unseen:
            for aid in self.backend.substring(t, filters, pool):
                injected[aid] = injected.get(aid, 0.0) + 1.0
        for works, number in qa.citations:
            for aid in self.backend.lookup(works, [number], filters):
                injected[aid] = injected.get(aid, 0.0)
        if charge_arts:
            nums = sorted({k[0] for k in charge_arts})
            for aid in self.backend.lookup([self.criminal_work], nums, filters):
                injected.setdefault(aid, 0.0)
        scoped = qa.laws + (qa.stems if len(qa.stems) <= 3 else [])
        # A short question naming a law: score all its articles, not only the global cut. In long
        # narratives law names are incidental (依照《刑法》××之规定) and the bonus alone suffices.
        if scoped and not qa.citations and len(query) <= SCOPE_MAX_CHARS:
            for aid in self.backend.lookup(scoped, [], filters, cap=1200):
                injected.setdefault(aid, 0.0)
        fetched = self.backend.fetch([*cands, *injected])
        if filters.in_force_on:
            fetched = _as_of(fetched)
        lex: dict[str, tuple[float, float]] = {
            aid: _bm25(title, text, tw, avgdl) for aid, (_rec, title, text) in fetched.items()
        }
        top_lex = max((v[0] + 0.5 * injected.get(a, 0.0) for a, v in lex.items()), default=1.0) or 1.0
        scored: list[tuple[float, ArticleRecord, list[str]]] = []
        for aid, (rec, _title, _text) in fetched.items():
            bm, matched = lex[aid]
            coverage = (W_COVERAGE + (W_HOME if rec.region == home else 0.0)) * matched / qnorm
            score = (bm + 0.5 * injected.get(aid, 0.0)) / top_lex + coverage
            # a wide candidate's prior was computed from the same fields (in force, suffix < 128)
            prior, why = (priors.get(aid) if rec.in_force and rec.suffix < 128 else None) or self._prior(
                ctx, rec.work_key, rec.title, rec.level, rec.region, rec.number, rec.suffix, rec.in_force
            )
            scored.append((score + prior, rec, why))
        scored.sort(key=lambda s: (-s[0], s[1].level, s[1].article_id))
        bigrams, sentence = focus_bigrams(query)
        if bigrams:
            w_bi = (W_FOCUS_BIGRAMS if sentence else W_CLAUSE_BIGRAMS) / len(bigrams)
            scored = _rerank(scored, FOCUS_TOP, lambda rec: w_bi * sum(b in rec.text for b in bigrams))
        scored = _law_agg(scored)
        if qa.laws and not qa.citations and _only_names(query, self.titles):
            # the query is a law's name and nothing else: that law, article by article, then the rest
            named = set(qa.laws)
            scored.sort(
                key=lambda s: (
                    (s[1].work_key not in named, s[1].number, s[1].suffix) if s[1].work_key in named else (True, 0, 0)
                )
            )
        facet_counts = _facet_counts(scored) if facets else {}
        if selected.doc_types or selected.regions:
            scored = [
                s
                for s in scored
                if (not selected.doc_types or s[1].doc_type in selected.doc_types)
                and (not selected.regions or s[1].region in selected.regions)
            ]
        terms = [t for t in qa.weights if qa.weights[t] >= 1.0] or list(qa.weights)
        hits = [
            Hit(
                article_id=rec.article_id,
                title=rec.title,
                number=rec.number,
                suffix=rec.suffix,
                label=rec.label,
                text=rec.text,
                score=round(score, 4),
                doc_type=rec.doc_type,
                region=rec.region,
                version_date=rec.version_date,
                in_force=rec.in_force,
                snippet=snippet(rec.text, terms),
                why=why,
            )
            for score, rec, why in scored[:limit]
        ]
        return SearchResult(
            hits=hits,
            facets=facet_counts,
            query_tokens=list(weights),
            total=len(scored),
            works=self._named_works(query, qa) if not qa.citations else [],
            suggestions=[] if scored else self.suggest(query, qa),
        )

    def _named_works(self, query: str, qa: Analysis) -> list[NamedWork]:
        """The laws a short query names (劳动合同法, 中华人民共和国劳动合同法, 上海市养犬管理条例): a reader
        typing a law's name wants the law itself first. Not in long questions, where a name is incidental."""
        if not qa.laws or len(query) > SCOPE_MAX_CHARS:
            return []
        info = self._work_info()
        return [NamedWork(w, *info[w]) for w in qa.laws if w in info][:3]

    def _work_info(self) -> dict[str, tuple[str, str, str]]:
        """work key → (title of its current version, type, region); read once per engine."""
        if self._works is None:
            self._works = self.backend.work_info()
        return self._works

    def suggest(self, query: str, qa: Analysis | None = None, n: int = 8) -> list[str]:
        """Related terms the index knows, for a search that found nothing: the statutory terms of the
        everyday words in the query (lexicon), the query's own known words, then statutory terms of
        everyday phrases that share two characters with it (房租纠纷 → 租金)."""
        qa = qa or self.analyze(query)
        norm = query.strip()
        candidates = [*expand(norm), *(t for t in qa.original if len(t) > 1 and t != norm)]
        bigrams = {norm[i : i + 2] for i in range(len(norm) - 1)}
        for key, terms in load_colloquial().items():
            if any(b in key for b in bigrams):
                candidates.extend(terms)
        known = self.backend.doc_freqs(candidates)
        out = [t for t in dict.fromkeys(candidates) if known.get(t, 0) > 0 and t != norm]
        return out[:n]

    def _prior(
        self,
        ctx: _Context,
        work_key: str,
        title: str,
        level: int,
        region: str,
        number: int,
        suffix: int,
        in_force: bool,
    ) -> tuple[float, list[str]]:
        """Query-dependent and static priors of one article (authority, popularity, locality,
        named law / subject, citation, charge), on the 0..1 lexical scale."""
        pop = self.popularity
        score = LEVEL_PRIOR.get(level, 0.0)
        score += W_WORK_POP * pop.work(work_key) + W_ART_POP * pop.article(work_key, number, suffix)
        why = []
        if not is_national(region) and not (ctx.places and place_of(title) in ctx.places):
            score += W_LOCAL
        if (work_key, number) in ctx.cited:
            score += W_CITED
            why.append("cited")
        if work_key in ctx.laws:
            score += W_LAW_NAMED
            why.append("law named")
        elif work_key in ctx.stems:
            score += W_STEM
            why.append("subject named")
        if work_key == self.criminal_work:
            if (number, suffix) in ctx.charge_arts:
                score += ctx.charge_w * ctx.charge_arts[(number, suffix)]
                why.append("charge")
            if ctx.criminal:
                score += W_CRIMINAL_LAW
        if in_force:
            score += W_IN_FORCE
        return score, why

    def analyze(self, query: str) -> Analysis:
        return analyze(query, self.seg, self.titles, self.charges)


@dataclass(slots=True)
class _Context:
    laws: set[str]
    stems: set[str]
    cited: set[tuple[str, int]]
    charge_arts: dict[tuple[int, int], float]
    charge_w: float
    places: set[str]
    criminal: bool = False  # a crime named in a criminal context


def _fragment(query: str, seg: Segmenter) -> str:
    """The query itself when it is a short run of Chinese characters (2-4) that the segmenter
    cannot read as words only (some piece is a lone character); else ''."""
    compact = re.sub(r"\s+", "", query)
    if not 2 <= len(compact) <= FRAGMENT_MAX_CHARS or not all("\u4e00" <= ch <= "\u9fff" for ch in compact):
        return ""
    return compact if any(len(w) == 1 for w in seg.words(compact)) else ""


def _bm25(title: list[str], text: list[str], tw: dict[str, float], avgdl: float) -> tuple[float, float]:
    """(BM25 with the query's weights, idf-weighted share of query terms present)."""
    tf: dict[str, float] = {}
    has = tw.__contains__  # filter() in C: the Python loop sees only the few matching tokens
    for t in filter(has, text):
        tf[t] = tf.get(t, 0.0) + 1.0
    for t in filter(has, title):
        tf[t] = tf.get(t, 0.0) + TITLE_TF
    length = len(text) + len(title)
    return sum(tw[t] * term_impact(f, length, avgdl) for t, f in tf.items()), sum(tw[t] for t in tf)


Scored = list[tuple[float, ArticleRecord, list[str]]]


def _rerank(scored: Scored, top: int, bonus: Callable[[ArticleRecord], float]) -> Scored:
    """Add `bonus` to the first `top` entries of a sorted ranking and sort them again."""
    head = [(sc + bonus(rec), rec, why) for sc, rec, why in scored[:top]]
    head.sort(key=lambda s: (-s[0], s[1].level, s[1].article_id))
    return head + scored[top:]


def _law_agg(scored: Scored) -> Scored:
    """Articles of the top LAW_AGG_TOP rise with their law's summed best LAW_AGG_K margins."""
    if not W_LAW_AGG or not scored:
        return scored
    head = scored[:LAW_AGG_TOP]
    floor = head[-1][0]
    best: dict[str, list[float]] = {}
    for sc, rec, _ in head:
        margins = best.setdefault(rec.work_key, [])
        if len(margins) < LAW_AGG_K:
            margins.append(sc - floor)
    agg = {w: sum(m) for w, m in best.items()}
    top = max(agg.values()) or 1.0
    return _rerank(scored, LAW_AGG_TOP, lambda rec: W_LAW_AGG * agg[rec.work_key] / top)


_NAME_NOISE = re.compile(r"[\s《》〈〉“”\"'，,。.、]+|中华人民共和国")


def _only_names(query: str, titles: TitleIndex) -> bool:
    """The query is nothing but law titles (with or without 中华人民共和国, in 《》 or not)."""
    text = normalize(query)
    for start, end, _entries in reversed(titles.find(text)):
        text = text[:start] + text[end:]
    return not _NAME_NOISE.sub("", text)


def _facet_counts(scored: Scored) -> dict[str, dict[str, int]]:
    """Type and region counts of the ranked articles, largest first."""
    out: dict[str, dict[str, int]] = {}
    for field in FACET_FIELDS:
        counts: dict[str, int] = {}
        for _sc, rec, _why in scored:
            value = getattr(rec, field)
            counts[value] = counts.get(value, 0) + 1
        out[field] = dict(sorted(counts.items(), key=lambda kv: -kv[1]))
    return out


def _as_of(fetched: dict[str, Fetched]) -> dict[str, Fetched]:
    """Keep, per work, only the latest version among those allowed by the date filter."""
    latest: dict[str, str] = {}
    for rec, _, _ in fetched.values():
        latest[rec.work_key] = max(latest.get(rec.work_key, ""), rec.version_date or "")
    return {a: v for a, v in fetched.items() if (v[0].version_date or "") == latest[v[0].work_key]}
