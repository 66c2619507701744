"""Tag suggestion benchmark: accuracy (learned and cold start), mechanism links by 文号, time
and memory, at full demo scale.

    evidence-app demo /tmp/suggest-full --size full      # once (several minutes)
    python bench/suggest.py /tmp/suggest-full [--seed 1] [--share 0.3] [--compare]

Requirements: the tags of a random ``share`` of the tagged documents are hidden, the model
learns from the rest, and top-1 / top-3 accuracy is the share of hidden documents whose
best (best three) suggested requirement is one of their real tags. Measured with content
only (the demo's folders carry requirement codes, which would make it too easy) and with
folders; "cold" hides every tag (the first day). Calibration: of the hidden documents whose
best suggestion scores at least 0.8 / 0.9, how many and how often right.

Mechanisms by 文号: the pairs the rule finds against the demo's truth (each mechanism's own
text document); precision must be 1.0. Time: building the model and suggesting for every
untagged document (budget 60 s); one document in the window (budget 50 ms); peak memory.

``--compare`` also times the alternatives to what model.py does: a pure-Python equivalent
(n-gram Counters and dicts, the same TF-IDF and centroid scoring), and scikit-learn's
HashingVectorizer in place of the numpy n-gram hashing (when scikit-learn is installed).

Prints progress lines, then ONE JSON line.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evidence_app.archive.archive import Archive  # noqa: E402
from evidence_app.archive.suggestions import document_clues  # noqa: E402
from evidence_app.suggest.mechanisms import match_by_number  # noqa: E402
from evidence_app.suggest.model import (TEXT_CHARS, Suggester, _catalogue_labels,  # noqa: E402
                                        document_texts)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def accuracy(model: Suggester, docs, hidden: set[int]) -> dict:
    """Top-1 / top-3 on the hidden documents, and how right the confident ones are."""
    req_cols = [i for i, lab in enumerate(model.labels) if lab.kind == "requirement"]
    truth = {d.id: set(d.requirements) for d in docs if d.id in hidden}
    ids = sorted(truth)
    top1 = top3 = 0
    confident = {0.8: [0, 0], 0.9: [0, 0]}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        scores = model.confidence(model.raw_scores([model.row_of[i] for i in chunk]))
        for doc_id, row in zip(chunk, scores[:, req_cols]):
            order = [model.labels[req_cols[i]].code for i in (-row).argsort()[:3]]
            hit = order[0] in truth[doc_id]
            top1 += hit
            top3 += any(code in truth[doc_id] for code in order)
            for level, counts in confident.items():
                if row.max() >= level:
                    counts[0] += 1
                    counts[1] += hit
    n = len(ids)
    return {"documents": n, "top1": round(top1 / n, 3), "top3": round(top3 / n, 3),
            **{f"share_at_{level}": round(c[0] / n, 3) for level, c in confident.items()},
            **{f"right_at_{level}": round(c[1] / c[0], 3) if c[0] else None
               for level, c in confident.items()}}


def mechanism_accuracy(model: Suggester, docs, hidden: set[int]) -> dict:
    """Top-3 of mechanisms by content for hidden documents tagged with one (文号 aside)."""
    cols = [i for i, lab in enumerate(model.labels) if lab.kind == "mechanism"]
    cases = [d for d in docs if d.id in hidden and d.mechanisms and not d.doc_number]
    if not cases:
        return {}
    scores = model.confidence(model.raw_scores([model.row_of[d.id] for d in cases]))
    hits = 0
    for d, row in zip(cases, scores[:, cols]):
        order = [model.labels[cols[i]].code for i in (-row).argsort()[:3]]
        hits += any(code in d.mechanisms for code in order)
    return {"documents": len(cases), "top3": round(hits / len(cases), 3)}


def mechanism_links(archive: Archive) -> dict:
    truth = {m.text_document_id: m.code for m in archive.mechanisms() if m.text_document_id}
    started = time.perf_counter()
    matches = match_by_number(archive)
    seconds = time.perf_counter() - started
    found = matches.certain
    right = sum(1 for d, c in found.items() if truth.get(d) == c)
    return {"truth": len(truth), "found": len(found), "right": right,
            "precision": round(right / len(found), 4) if found else None,
            "recall": round(right / len(truth), 4) if truth else None,
            "conflicts": len(matches.conflicts), "seconds": round(seconds, 2)}


# ------------------------------------------------------------------------ hand-written
def hand_written(archive: Archive, docs, hidden: set[int]) -> dict:
    """The same scoring in pure Python: n-gram Counters, TF-IDF dicts, centroid dicts."""
    started = time.perf_counter()
    labels = [lab for lab in _catalogue_labels(archive) if lab.kind == "requirement"]

    def grams(text: str) -> Counter:
        return Counter(text[i:i + n] for n in (2, 3) for i in range(len(text) - n + 1)
                       if " " not in text[i:i + n])

    clues = list(document_clues(archive, text_chars=TEXT_CHARS))
    counts = [grams(document_texts(c, False)[0]) for c in clues]
    label_counts = [grams(lab.profile) for lab in labels]
    df: Counter = Counter()
    for c in counts + label_counts:
        df.update(c.keys())
    n = len(counts) + len(label_counts)
    idf = {g: math.log((1 + n) / (1 + k)) + 1 for g, k in df.items()}

    def vector(c: Counter) -> dict:
        v = {g: (1 + math.log(k)) * idf[g] for g, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {g: x / norm for g, x in v.items()}

    vectors = [vector(c) for c in counts]
    lvectors = [vector(c) for c in label_counts]
    code_index = {lab.code: i for i, lab in enumerate(labels)}
    sums: list[dict] = [{} for _ in labels]
    taught = [0] * len(labels)
    for clue, v in zip(clues, vectors):
        if clue.id in hidden:
            continue
        for code in clue.requirements:
            i = code_index[code]
            taught[i] += 1
            acc = sums[i]
            for g, x in v.items():
                acc[g] = acc.get(g, 0.0) + x
    centroids = [vector(Counter()) if not s else
                 {g: x / (math.sqrt(sum(y * y for y in s.values())) or 1) for g, x in s.items()}
                 for s in sums]
    build = time.perf_counter() - started
    top1 = top3 = total = 0
    # pure-Python scoring of 191 labels is slow: a sample of the hidden documents is scored
    sample = set(random.Random(0).sample(sorted(hidden), min(300, len(hidden))))
    truth = {d.id: set(d.requirements) for d in docs if d.id in sample}
    for clue, v in zip(clues, vectors):
        if clue.id not in truth:
            continue
        scores = []
        for i, lab in enumerate(labels):
            cold = 2.0 * sum(x * lvectors[i].get(g, 0.0) for g, x in v.items())
            learned = sum(x * centroids[i].get(g, 0.0) for g, x in v.items())
            trust = taught[i] / (taught[i] + 3.0)
            scores.append(((1 - trust) * cold + trust * learned, lab.code))
        order = [c for _, c in sorted(scores, reverse=True)[:3]]
        total += 1
        top1 += order[0] in truth[clue.id]
        top3 += any(c in truth[clue.id] for c in order)
    return {"build_seconds": round(build, 1), "scored_documents": total,
            "score_seconds": round(time.perf_counter() - started - build, 1),
            "top1": round(top1 / total, 3), "top3": round(top3 / total, 3)}


def vectorizers(archive: Archive) -> dict:
    """Seconds to hash every document's n-grams: numpy (model.py) against scikit-learn."""
    from evidence_app.suggest.model import hash_ngrams

    texts = [document_texts(c, False)[0] for c in document_clues(archive, text_chars=TEXT_CHARS)]
    started = time.perf_counter()
    ours = hash_ngrams(texts)
    result = {"numpy_seconds": round(time.perf_counter() - started, 1), "nnz": int(ours.nnz)}
    try:
        from sklearn.feature_extraction.text import HashingVectorizer
    except ImportError:
        return result
    started = time.perf_counter()
    HashingVectorizer(analyzer="char", ngram_range=(2, 3), n_features=2 ** 20,
                      alternate_sign=False, norm=None, lowercase=False).transform(texts)
    result["sklearn_seconds"] = round(time.perf_counter() - started, 1)
    return result


# ------------------------------------------------------------------------ main
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--share", type=float, default=0.3)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    result: dict = {}
    with Archive.open(Path(args.archive), read_only=True) as archive:
        docs = archive.documents()
        tagged = [d for d in docs if d.requirements]
        hidden = {d.id for d in random.Random(args.seed).sample(
            tagged, round(args.share * len(tagged)))}
        result["documents"], result["tagged"] = len(docs), len(tagged)

        log("mechanism links by 文号…")
        result["mechanisms_by_number"] = mechanism_links(archive)

        log("untagged: build and suggest for all…")
        started, cpu = time.perf_counter(), time.process_time()
        model = Suggester.build(archive)
        built = time.perf_counter() - started
        untagged = [d.id for d in archive.documents(untagged=True)]
        model.suggest_many(untagged, 3)
        # CPU seconds too: on a shared machine the wall clock also measures the neighbours
        result["all_untagged"] = {"documents": len(untagged), "build_seconds": round(built, 1),
                                  "total_seconds": round(time.perf_counter() - started, 1),
                                  "cpu_seconds": round(time.process_time() - cpu, 1),
                                  "load_average": round(os.getloadavg()[0], 1)}
        log("one document at a time…")
        pool = untagged or [d.id for d in docs]
        sample = random.Random(args.seed).sample(pool, min(50, len(pool)))
        times = []
        for doc_id in sample:
            t = time.perf_counter()
            model.suggest(doc_id)
            times.append((time.perf_counter() - t) * 1000)
        result["one_document_ms"] = {"median": round(statistics.median(times), 1),
                                     "max": round(max(times), 1)}
        del model

        for name, hide, folders, minimum in (
                ("learned_content_only", hidden, False, 20),
                ("learned_with_folders", hidden, True, 20),
                ("cold_content_only", {d.id for d in tagged}, False, 20),
                ("cold_with_folders", {d.id for d in tagged}, True, 20)):
            log(f"{name}…")
            started = time.perf_counter()
            model = Suggester.build(archive, hide_tags_of=hide, use_folders=folders,
                                    min_tagged=minimum)
            result[name] = {"build_seconds": round(time.perf_counter() - started, 1),
                            **accuracy(model, tagged, hidden)}
            if name == "learned_content_only":
                result["mechanisms_by_content"] = mechanism_accuracy(model, docs, hidden)
            del model
        result["peak_memory_mb"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        if args.compare:
            log("hand-written equivalent…")
            result["hand_written_content_only"] = hand_written(archive, tagged, hidden)
            log("vectorisers…")
            result["hashing_20000_documents"] = vectorizers(archive)
    print(json.dumps(result, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
