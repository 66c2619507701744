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

The model lives in memory (about 150 MB and 20 s for 20,000 documents) and is rebuilt rather
than saved, so there is no model file to go stale or be damaged. With fewer than
``MIN_TAGGED`` tagged documents it ranks from the catalogue alone and says so in ``note``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Iterable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from ..archive.archive import Archive
from ..archive.suggestions import (DocumentClues, document_clues, document_tags,
                                   rejected_suggestions)
from ..intake.docmeta import requirement_codes_in_path
from ..progress import NO_PROGRESS, CancelToken, Progress
from .mechanisms import canonical_number

MIN_TAGGED = 20          # fewer tagged documents: rank from the catalogue's words alone
TEXT_CHARS = 1200        # of a document's text, from the start (its title and first pages)
N_FEATURES = 2 ** 20     # hashed n-gram space; collisions are rare at this size
TEACHING = 3.0           # a label with this many tagged documents trusts them half
CATALOGUE_WEIGHT = 2.0   # label texts are short: their similarities run about half as high
UNIT_BONUS = (0.06, 0.03)  # the document's unit leads / is responsible for the requirement
FOLDER_BONUS = 1.0       # a requirement code in the document's folder name
TEMPERATURE = 0.03       # softmax temperature turning scores into confidences
NO_MECHANISM = 0.3       # the score of "evidence of no mechanism"
MECHANISM_FLOOR = 0.2    # a mechanism less likely than this is not worth a person's look
KINDS = ("requirement", "mechanism")

_NOT_TEXT = re.compile(r"[^\u3400-\u9fffA-Za-z]+")
_FIELD = " | "           # keeps n-grams from spanning two fields


def clean(text: str) -> str:
    """Full-width forms folded, numbers and punctuation dropped: what n-grams are made of."""
    return _NOT_TEXT.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def short_folder(folder: str | None) -> str:
    """The last two folder names, the part that says what the files are (the rest is the
    drive and the path to the collection)."""
    if not folder:
        return ""
    return "/".join(PurePath(folder).parts[-2:])


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
    text: str


def _document_text(clues: DocumentClues, use_folders: bool) -> str:
    parts = [clues.title, clues.title, PurePath(clues.original_name).stem, clues.text]
    if use_folders:
        parts.append(short_folder(clues.folder))
    return _FIELD.join(clean(p) for p in parts if p)


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
        self.vectorizer = HashingVectorizer(analyzer="char", ngram_range=(2, 3),
                                            n_features=N_FEATURES, alternate_sign=False,
                                            norm=None, lowercase=False, dtype=np.float32)
        self.tfidf = TfidfTransformer(sublinear_tf=True)
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
            model.docs.append(model._doc(clues))
            texts.append(_document_text(clues, use_folders))
            if clues.id not in hidden:
                for kind, codes in (("requirement", clues.requirements),
                                    ("mechanism", clues.mechanisms)):
                    for code in codes:
                        if (kind, code) in model.index:
                            tag_rows.append(len(model.doc_ids) - 1)
                            tag_cols.append(model.index[(kind, code)])
        progress(total, total, "计算")
        cancel.raise_if_cancelled()
        counts = model._hash(texts)
        label_counts = model._hash([lab.profile for lab in labels])
        # one made-up row keeps an archive with no documents and no catalogue workable
        model.tfidf.fit(sparse.vstack([counts, label_counts, model._hash(["空"])]))
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

    def _hash(self, texts: list[str]) -> sparse.csr_matrix:
        if not texts:
            return sparse.csr_matrix((0, N_FEATURES), dtype=np.float32)
        return self.vectorizer.transform(texts)

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """TF-IDF weights, each row a unit vector."""
        if not counts.shape[0]:
            return counts
        return normalize(self.tfidf.transform(counts)).astype(np.float32).tocsr()

    def _doc(self, clues: DocumentClues) -> _Doc:
        return _Doc(title=clues.title, unit=clues.unit or clues.issuer,
                    folder=clues.folder if self.use_folders else None,
                    number=canonical_number(clues.doc_number), text=clean(clues.text))

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
        self.CT = normalize(sparse.csr_matrix(Y.T @ self.X)).astype(np.float32).T.tocsr()

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
        bonus = np.zeros(len(self.labels), dtype=np.float32)
        for i, lab in enumerate(self.labels):
            if doc.unit and doc.unit in lab.units:
                bonus[i] = UNIT_BONUS[0] if doc.unit == lab.lead_unit else UNIT_BONUS[1]
        for code in self._folder_codes(doc):
            bonus[self.index[("requirement", code)]] += FOLDER_BONUS
        return bonus

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
        for i in np.argsort(-scores, kind="stable"):
            if len(picked) >= limit:
                break
            lab = self.labels[i]
            if lab.kind == "mechanism" and scores[i] < MECHANISM_FLOOR:
                continue
            if (lab.kind, lab.code) in skip or any(s.code == lab.code and s.kind == lab.kind
                                                   for s in picked):
                continue
            picked.append(Suggestion(lab.code, lab.kind, float(scores[i]),
                                     self._why(doc_id, doc, i)))
        picked.sort(key=lambda s: -s.score)
        return picked

    # ------------------------------------------------------------------------- reasons
    def _why(self, doc_id: int, doc: _Doc, label: int) -> str:
        lab = self.labels[label]
        reasons = []
        if lab.kind == "requirement" and lab.code in self._folder_codes(doc):
            reasons.append(f"来自文件夹「{short_folder(doc.folder)}」")
        phrases = shared_phrases(doc.text + " " + clean(doc.title), lab.profile)
        if phrases:
            reasons.append("用语相同：" + "、".join(phrases))
        if doc.unit and doc.unit in lab.units:
            role = "牵头单位" if doc.unit == lab.lead_unit else "责任单位"
            reasons.append(f"{doc.unit}是{role}")
        similar = self._most_similar_tagged(doc_id, label)
        if similar is not None:
            reasons.append(f"与已标注的文件 #{self.doc_ids[similar]}"
                           f"《{self.docs[similar].title[:24]}》相近")
        return "；".join(reasons) or "内容相近"

    def _most_similar_tagged(self, doc_id: int, label: int) -> int | None:
        if self.Y is None:
            return None
        rows = self.Y[:, label].indices
        rows = rows[rows != self.row_of[doc_id]]
        if not len(rows):
            return None
        x = self.X[self.row_of[doc_id]]
        sims = self.X[rows][:, x.indices] @ x.data
        return int(rows[int(np.argmax(sims))])

    # ------------------------------------------------------------------------- new documents
    def _read_new(self, doc_ids: list[int]) -> None:
        """Add documents imported after the build (their tags teach nothing until rebuilt)."""
        clues = list(document_clues(self.archive, doc_ids, text_chars=TEXT_CHARS))
        if not clues:
            return
        X = self._weigh(self._hash([_document_text(c, self.use_folders) for c in clues]))
        self.X = sparse.vstack([self.X, X]).tocsr()
        for c in clues:
            self.row_of[c.id] = len(self.doc_ids)
            self.doc_ids.append(c.id)
            self.docs.append(self._doc(c))
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


def shared_phrases(text: str, profile: str, count: int = 3, shortest: int = 3) -> list[str]:
    """The longest runs of characters the label's words and the document share, longest
    first: what a person reads as "why"."""
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
