"""Requirements and mechanisms ranked by content, for a person to confirm.

Chinese has no spaces between words, so documents are compared by character n-grams (two and
three characters), not by segmented words: "网格化服务管理" shares 网格, 格化, 网格化… with
every text about the grid, whatever the word boundaries. The n-grams are hashed (no vocabulary
to hold), weighted by TF-IDF (n-grams every document has, 工作 or 通知, count for little) and
each document becomes a unit vector; similarity is a dot product.

Each label (a requirement or a mechanism) is scored two ways and the two are blended by how
much the label has been taught:

- **from the catalogue** (works on the first day): the similarity of the document to the
  label's own words — a requirement's text, its task and section names and the titles of its
  mechanisms; a mechanism's title;
- **from the tags given** (gets better as staff confirm): the similarity to the centroid of
  the documents already tagged with the label.

The unit that sent or issued the document (a requirement's lead or responsible unit) and a
requirement code in the folder it came from add to a label's score. Scores become a confidence
per kind with a softmax, so "accept everything above 0.8" means the same whatever the archive.

The model lives in memory (about 500 MB at its peak and 15–20 s of CPU to build for 20,000
documents) and is rebuilt rather than saved, so there is no model file to go stale or be
damaged. With fewer than ``MIN_TAGGED`` tagged documents it ranks from the catalogue alone
and says so in ``note``.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
from scipy import sparse

from ..archive import (Archive, DocumentClues, document_clues, document_tags,
                       rejected_suggestions)
from ..intake import requirement_codes_in_path
from ..progress import NO_PROGRESS, CancelToken, Progress
from .mechanisms import canonical_number

MIN_TAGGED = 20          # fewer tagged documents: rank from the catalogue's words alone
TEXT_CHARS = 1200        # of a document's text, from the start (its title and first pages)
HASH_BITS = 20           # hashed n-gram space of 2**20; collisions are rare at this size
N_FEATURES = 1 << HASH_BITS
TEACHING = 10.0          # a label with this many tagged documents trusts them half
CATALOGUE_WEIGHT = 2.0   # label texts are short: their similarities run about half as high
UNIT_BONUS = (0.06, 0.03)  # the document's unit leads / is responsible for the requirement
FOLDER_BONUS = 1.0       # a requirement code in the document's folder name
TEMPERATURE = 0.03       # softmax temperature turning scores into confidences
NO_MECHANISM = 0.3       # the score of "evidence of no mechanism"
SIMILAR_AMONG = 100      # tagged documents searched for the "similar document" reason
MECHANISM_FLOOR = 0.2    # a mechanism less likely than this is not worth a person's look
KINDS = ("requirement", "mechanism")

_NOT_TEXT = re.compile(r"[^\u3400-\u9fffA-Za-z]+")
_FIELD = " | "           # keeps n-grams from spanning two fields
_BREAKS = np.array([0, ord(" "), ord("|")], dtype=np.uint64)   # no n-gram spans these
# multiplicative (Fibonacci) hashing, one odd constant per n-gram length
_SALTS = {2: np.uint64(0x9E3779B97F4A7C15), 3: np.uint64(0xC2B2AE3D27D4EB4F)}


# full-width Latin letters as ASCII (NFKC would do it, but costs most of a build's time)
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def clean(text: str) -> str:
    """Full-width letters folded, numbers and punctuation dropped: what n-grams are made of."""
    return _NOT_TEXT.sub(" ", (text or "").translate(_FULL_WIDTH)).strip()


def short_folder(folder: str | None) -> str:
    """The last two folder names, the part that says what the files are (the rest is the
    drive and the path to the collection)."""
    if not folder:
        return ""
    return "/".join(folder.replace("\\", "/").rstrip("/").split("/")[-2:])


@dataclass
class Suggestion:
    code: str
    kind: str            # requirement | mechanism
    score: float         # 0..1, confidence within its kind (1.0: certain, by 文号)
    why: str             # short Chinese reason, for the person who decides

    def as_json(self) -> dict:
        return {"code": self.code, "kind": self.kind, "score": round(float(self.score), 3),
                "why": self.why}


@dataclass
class _Label:
    kind: str
    code: str
    name: str
    profile: str                         # the label's own words, cleaned
    lead_unit: str | None = None
    units: frozenset[str] = frozenset()  # lead and responsible units


@dataclass
class _Doc:
    """What a suggester keeps of a document besides its vector: the clues of its reasons."""

    title: str
    unit: str | None
    folder: str | None
    number: str | None
    text: str            # cleaned text and title, which reasons quote


def hash_ngrams(texts: list[str], batch: int = 2000) -> sparse.csr_matrix:
    """Counts of each text's character 2- and 3-grams, hashed into ``N_FEATURES`` columns.

    Done with numpy over the code points of a batch of texts at once: about four times
    faster than scikit-learn's HashingVectorizer, which makes each n-gram a Python string
    (measured in the commit that chose this).
    """
    parts = []
    for start in range(0, len(texts), batch):
        chunk = texts[start:start + batch]
        codes = np.frombuffer(("\0".join(chunk) + "\0").encode("utf-32-le"),
                              dtype=np.uint32).astype(np.uint64)
        doc_of = np.repeat(np.arange(len(chunk)), [len(t) + 1 for t in chunk])
        breaks = np.isin(codes, _BREAKS)
        rows, cols = [], []
        for n, salt in _SALTS.items():
            m = len(codes) - n + 1
            key, bad = codes[:m].copy(), breaks[:m].copy()
            for k in range(1, n):
                key = key * np.uint64(0x110000) + codes[k:k + m]
                bad |= breaks[k:k + m]
            rows.append(doc_of[:m][~bad])
            cols.append(((key[~bad] * salt) >> np.uint64(64 - HASH_BITS)).astype(np.int32))
        rows, cols = np.concatenate(rows), np.concatenate(cols)
        part = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                                 shape=(len(chunk), N_FEATURES))
        part.sum_duplicates()
        parts.append(part)
    if not parts:
        return sparse.csr_matrix((0, N_FEATURES), dtype=np.float32)
    return sparse.vstack(parts, format="csr")


def unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Each row scaled to length 1 (an empty row stays empty)."""
    matrix = matrix.tocsr().astype(np.float32)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr)).astype(np.float32)
    return matrix


def document_texts(clues: DocumentClues, use_folders: bool) -> tuple[str, str]:
    """(what the model reads, what reasons quote), each part cleaned once: the title twice
    (it says most in fewest words), the file name, the text, and the folder if used."""
    title, text = clean(clues.title), clean(clues.text)
    parts = [title, title, clean(os.path.splitext(clues.original_name)[0]), text]
    if use_folders:
        parts.append(clean(short_folder(clues.folder)))
    return _FIELD.join(p for p in parts if p), text + " " + title


class Suggester:
    """A model of one archive's documents and catalogue; build once, ask many times.

    Build with :meth:`build`; then :meth:`suggest` (one document, a few milliseconds) or
    :meth:`suggest_many`. Documents added after the build are read from the archive when asked.
    """

    def __init__(self, archive: Archive, labels: list[_Label], use_folders: bool):
        self.archive = archive
        self.labels = labels
        self.use_folders = use_folders
        self.index = {(lab.kind, lab.code): i for i, lab in enumerate(labels)}
        self.kind_of = np.array([lab.kind == "requirement" for lab in labels])
        self.idf = np.ones(N_FEATURES, dtype=np.float32)
        self.doc_ids: list[int] = []
        self.row_of: dict[int, int] = {}
        self.docs: list[_Doc] = []
        self.X: sparse.csr_matrix | None = None
        # label vectors and centroids of tagged documents, transposed once (features ×
        # labels) because a product with a transposed view converts it on every call
        self.LT: sparse.csr_matrix | None = None
        self.CT: sparse.csr_matrix | None = None
        self.Y: sparse.csc_matrix | None = None       # which document has which label
        self.taught = np.zeros(len(labels), dtype=np.float32)
        self.mechanism_of_number: dict[str, str] = {}
        self._unit_bonuses: dict[str | None, np.ndarray] = {}
        self._dense = np.zeros(N_FEATURES, dtype=np.float32)
        self._dense_lock = threading.Lock()
        self.note = ""

    # ------------------------------------------------------------------------- building
    @classmethod
    def build(cls, archive: Archive, progress: Progress = NO_PROGRESS,
              cancel: CancelToken | None = None, use_folders: bool = True,
              hide_tags_of: Iterable[int] = (), min_tagged: int = MIN_TAGGED) -> "Suggester":
        """Read the archive and build the model.

        ``hide_tags_of`` leaves those documents' tags out of the learning (to measure how
        well their tags are found); ``use_folders`` off ignores where documents came from.
        """
        cancel = cancel or CancelToken()
        labels = _catalogue_labels(archive)
        model = cls(archive, labels, use_folders)
        hidden = {int(i) for i in hide_tags_of}
        texts: list[str] = []
        tag_rows: list[int] = []
        tag_cols: list[int] = []
        total = len(archive.document_ids())
        for n, clues in enumerate(document_clues(archive, text_chars=TEXT_CHARS)):
            if n % 500 == 0:
                cancel.raise_if_cancelled()
                progress(n, total, "读取文件")
            model.row_of[clues.id] = len(model.doc_ids)
            model.doc_ids.append(clues.id)
            text, quoted = document_texts(clues, use_folders)
            model.docs.append(model._doc(clues, quoted))
            texts.append(text)
            if clues.id not in hidden:
                for kind, codes in (("requirement", clues.requirements),
                                    ("mechanism", clues.mechanisms)):
                    for code in codes:
                        if (kind, code) in model.index:
                            tag_rows.append(len(model.doc_ids) - 1)
                            tag_cols.append(model.index[(kind, code)])
        progress(total, total, "计算")
        cancel.raise_if_cancelled()
        counts = hash_ngrams(texts)
        del texts
        label_counts = hash_ngrams([lab.profile for lab in labels])
        # n-grams every document has (工作, 通知) count for little: smoothed IDF
        df = (np.bincount(counts.indices, minlength=N_FEATURES)
              + np.bincount(label_counts.indices, minlength=N_FEATURES))
        n = counts.shape[0] + label_counts.shape[0]
        model.idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
        model.X = model._weigh(counts)
        model.LT = model._weigh(label_counts).T.tocsr()
        model.mechanism_of_number = {
            canonical_number(m.doc_number): m.code for m in archive.mechanisms()
            if m.doc_number and not m.retired}
        cancel.raise_if_cancelled()
        try:
            model._learn(tag_rows, tag_cols, min_tagged)
        except (ValueError, MemoryError) as exc:      # the catalogue's words still rank
            model.note = f"未能从已有标注学习（{exc}），暂按目录文字推荐。"
        return model

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """TF-IDF weights (a count's logarithm, so a repeated phrase does not swamp the
        rest), each row a unit vector."""
        weights = counts.copy()
        weights.data = (1 + np.log(weights.data)) * self.idf[weights.indices]
        return unit_rows(weights)

    def _doc(self, clues: DocumentClues, quoted: str) -> _Doc:
        return _Doc(title=clues.title, unit=clues.unit or clues.issuer,
                    folder=clues.folder if self.use_folders else None,
                    number=canonical_number(clues.doc_number), text=quoted)

    def _learn(self, rows: list[int], cols: list[int], min_tagged: int) -> None:
        shape = (len(self.doc_ids), len(self.labels))
        Y = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)
        Y.data[:] = 1.0                        # a tag given twice counts once
        tagged = len(set(rows))
        if tagged < min_tagged:
            self.note = (f"只有 {tagged} 份已标注的文件，暂按目录文字推荐；"
                         "标注越多，推荐越准。")
            return
        self.Y = Y.tocsc()
        self.taught = np.asarray(Y.sum(axis=0)).ravel()
        self.CT = unit_rows(sparse.csr_matrix(Y.T @ self.X)).T.tocsr()

    # ------------------------------------------------------------------------- asking
    def suggest(self, doc_id: int, limit: int = 3) -> list[Suggestion]:
        """The best suggestions for one document, best first."""
        return self.suggest_many([doc_id], limit)[int(doc_id)]

    def suggest_many(self, doc_ids: Iterable[int], limit: int = 3
                     ) -> dict[int, list[Suggestion]]:
        """Suggestions for several documents, leaving out tags they have and suggestions a
        person rejected; a mechanism whose 文号 the document carries comes first (1.0)."""
        doc_ids = [int(i) for i in doc_ids]
        unknown = [i for i in doc_ids if i not in self.row_of]
        if unknown:
            self._read_new(unknown)
        present = document_tags(self.archive, doc_ids)
        rejected = rejected_suggestions(self.archive, doc_ids)
        result: dict[int, list[Suggestion]] = {}
        for start in range(0, len(doc_ids), 500):
            chunk = doc_ids[start:start + 500]
            raw = self.raw_scores([self.row_of[i] for i in chunk])
            for doc_id, row in zip(chunk, raw):
                reqs, mechs = present.get(doc_id, ([], []))
                skip = {("requirement", c) for c in reqs} | {("mechanism", c) for c in mechs}
                skip |= {(k, c) for d, k, c in rejected if d == doc_id}
                for key in skip:
                    if key in self.index:
                        row[self.index[key]] = -np.inf
                result[doc_id] = self._pick(doc_id, self.confidence(row[None, :])[0], skip,
                                            limit)
        return result

    def raw_scores(self, rows: list[int]) -> np.ndarray:
        """How well every label fits each of the given model rows (documents × labels)."""
        X = self.X[rows]
        raw = CATALOGUE_WEIGHT * (X @ self.LT).toarray()
        if self.CT is not None:
            trust = self.taught / (self.taught + TEACHING)
            raw = (1 - trust) * raw + trust * (X @ self.CT).toarray()
        for n, row in enumerate(rows):
            raw[n] += self._bonus(self.docs[row])
        return raw

    def _bonus(self, doc: _Doc) -> np.ndarray:
        bonus = self._unit_bonus(doc.unit).copy()
        for code in self._folder_codes(doc):
            bonus[self.index[("requirement", code)]] += FOLDER_BONUS
        return bonus

    def _unit_bonus(self, unit: str | None) -> np.ndarray:
        """What a document's unit adds to each label (computed once per unit)."""
        if unit not in self._unit_bonuses:
            bonus = np.zeros(len(self.labels), dtype=np.float32)
            for i, lab in enumerate(self.labels):
                if unit and unit in lab.units:
                    bonus[i] = UNIT_BONUS[0] if unit == lab.lead_unit else UNIT_BONUS[1]
            self._unit_bonuses[unit] = bonus
        return self._unit_bonuses[unit]

    def _folder_codes(self, doc: _Doc) -> list[str]:
        if not doc.folder:
            return []
        return [c for c in requirement_codes_in_path(short_folder(doc.folder))
                if ("requirement", c) in self.index]

    def confidence(self, raw: np.ndarray) -> np.ndarray:
        """Scores as confidences, by a softmax within each kind: a document's requirements
        compete with each other, its mechanisms with each other and with "none of them"
        (most documents are evidence of no mechanism), scored ``NO_MECHANISM``."""
        out = np.zeros_like(raw)
        for mask, none in ((self.kind_of, None), (~self.kind_of, NO_MECHANISM)):
            if not mask.any():
                continue
            part = raw[:, mask] / TEMPERATURE
            top = part.max(axis=1, keepdims=True)
            if none is not None:
                top = np.maximum(top, none / TEMPERATURE)
            part = np.exp(part - top)
            total = part.sum(axis=1, keepdims=True)
            if none is not None:
                total += np.exp(none / TEMPERATURE - top)
            out[:, mask] = part / np.maximum(total, 1e-30)
        return out

    def _pick(self, doc_id: int, scores: np.ndarray, skip: set, limit: int
              ) -> list[Suggestion]:
        doc = self.docs[self.row_of[doc_id]]
        picked: list[Suggestion] = []
        code = self.mechanism_of_number.get(doc.number) if doc.number else None
        if code and ("mechanism", code) not in skip:
            picked.append(Suggestion(code, "mechanism", 1.0,
                                     f"文号{doc.number}即该制度机制的文号"))
        chosen: list[int] = []
        for i in np.argsort(-scores, kind="stable"):
            if len(picked) + len(chosen) >= limit:
                break
            lab = self.labels[i]
            if lab.kind == "mechanism" and scores[i] < MECHANISM_FLOOR:
                continue
            if (lab.kind, lab.code) in skip or (lab.kind == "mechanism" and lab.code == code):
                continue
            chosen.append(int(i))
        for i, why in zip(chosen, self._reasons(doc_id, doc, chosen)):
            lab = self.labels[i]
            picked.append(Suggestion(lab.code, lab.kind, float(scores[i]), why))
        picked.sort(key=lambda s: -s.score)
        return picked

    # ------------------------------------------------------------------------- reasons
    def _reasons(self, doc_id: int, doc: _Doc, labels: list[int]) -> list[str]:
        """A short Chinese reason for each of a document's chosen labels."""
        text = doc.text
        bigrams = {text[i:i + 2] for i in range(len(text) - 1)}
        similar = self._most_similar_tagged(doc_id, labels)
        folder_codes = self._folder_codes(doc)
        out = []
        for label in labels:
            lab = self.labels[label]
            reasons = []
            if lab.kind == "requirement" and lab.code in folder_codes:
                reasons.append(f"来自文件夹「{short_folder(doc.folder)}」")
            phrases = shared_phrases(text, lab.profile, bigrams=bigrams)
            if phrases:
                reasons.append("用语相同：" + "、".join(phrases))
            if doc.unit and doc.unit in lab.units:
                role = "牵头单位" if doc.unit == lab.lead_unit else "责任单位"
                reasons.append(f"{doc.unit}是{role}")
            if label in similar:
                row = similar[label]
                reasons.append(f"与已标注的文件 #{self.doc_ids[row]}"
                               f"《{self.docs[row].title[:24]}》相近")
            out.append("；".join(reasons) or "内容相近")
        return out

    def _most_similar_tagged(self, doc_id: int, labels: list[int]) -> dict[int, int]:
        """For each label, the most similar of its latest ``SIMILAR_AMONG`` tagged documents
        (by model row); one product for all the labels."""
        if self.Y is None or not labels:
            return {}
        own = self.row_of[doc_id]
        candidates = {}
        for label in labels:
            rows = self.Y.indices[self.Y.indptr[label]:self.Y.indptr[label + 1]]
            rows = rows[rows != own][-SIMILAR_AMONG:]
            if len(rows):
                candidates[label] = rows
        if not candidates:
            return {}
        union, where = np.unique(np.concatenate(list(candidates.values())),
                                 return_inverse=True)
        x = self.X[own]
        with self._dense_lock:       # one zeroed vector, reused: allocating 4 MB costs more
            self._dense[x.indices] = x.data
            sims = self.X[union] @ self._dense
            self._dense[x.indices] = 0
        result, start = {}, 0
        for label, rows in candidates.items():
            mine = where[start:start + len(rows)]
            start += len(rows)
            result[label] = int(union[mine[int(np.argmax(sims[mine]))]])
        return result

    # ------------------------------------------------------------------------- new documents
    def _read_new(self, doc_ids: list[int]) -> None:
        """Add documents imported after the build (their tags teach nothing until rebuilt)."""
        clues = list(document_clues(self.archive, doc_ids, text_chars=TEXT_CHARS))
        if not clues:
            return
        texts = [document_texts(c, self.use_folders) for c in clues]
        X = self._weigh(hash_ngrams([text for text, _ in texts]))
        self.X = sparse.vstack([self.X, X]).tocsr()
        for c, (_, quoted) in zip(clues, texts):
            self.row_of[c.id] = len(self.doc_ids)
            self.doc_ids.append(c.id)
            self.docs.append(self._doc(c, quoted))
        if self.Y is not None:
            self.Y = sparse.vstack([self.Y, sparse.csc_matrix((len(clues), self.Y.shape[1]),
                                                              dtype=np.float32)]).tocsc()


def _catalogue_labels(archive: Archive) -> list[_Label]:
    """Every current requirement and mechanism with the words the catalogue gives it."""
    mechanisms = [m for m in archive.mechanisms() if not m.retired]
    titles: dict[str, list[str]] = {}
    for m in mechanisms:
        for code in m.requirements:
            titles.setdefault(code, []).append(m.title)
    labels = [_Label("requirement", r.code, r.text,
                     _FIELD.join(clean(t) for t in [r.text, r.text, r.task_name or "",
                                                    r.section_name or "",
                                                    *titles.get(r.code, [])] if t),
                     r.lead_unit, frozenset([r.lead_unit, *r.responsible_units]) - {None})
              for r in archive.requirements(include_retired=False)]
    labels += [_Label("mechanism", m.code, m.title, clean(m.title), m.issuer or None,
                      frozenset([m.issuer]) - {"", None}) for m in mechanisms]
    return labels


def shared_phrases(text: str, profile: str, count: int = 3, shortest: int = 3,
                   bigrams: set[str] | None = None) -> list[str]:
    """The longest runs of characters the label's words and the document share, longest
    first: what a person reads as "why" (``bigrams``: the text's, if already known)."""
    if bigrams is None:
        bigrams = {text[i:i + 2] for i in range(len(text) - 1)}
    runs: list[str] = []
    for part in profile.split():
        start = None
        for i in range(len(part)):
            inside = i < len(part) - 1 and part[i:i + 2] in bigrams
            if inside and start is None:
                start = i
            elif not inside and start is not None:
                run = part[start:i + 1]
                # the run's bigrams each occur in the text; keep it if it occurs whole
                while len(run) >= shortest and run not in text:
                    run = run[:-1]
                if len(run) >= shortest:
                    runs.append(run)
                start = None
    unique = sorted(set(runs), key=lambda r: (-len(r), runs.index(r)))
    chosen: list[str] = []
    for run in unique:
        if not any(run in c for c in chosen):
            chosen.append(run)
        if len(chosen) == count:
            break
    return chosen
