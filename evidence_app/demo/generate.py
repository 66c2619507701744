"""Deterministic, realistic demo material: the catalogue workbook, a folder of documents as the
units would send them, and a manifest saying how each document is to be tagged.

    material = generate_demo_material(Path("out"), size="small", seed=2023)

``small`` is about 200 documents (~1,200 pages), ``full`` 20,000 documents (~117,000 pages).
The catalogue is always full scale. Same (size, seed) → byte-identical files on every run and
machine with the same library versions: no clock, no uuid; every file's randomness comes from
(seed, index). ``full`` renders in worker processes (spawned, so it is safe to call from a GUI
worker thread); the result does not depend on how many.

No Qt here: the CLI (`evidence-app demo`) and the GUI both call this.
"""

from __future__ import annotations

import datetime as _dt
import json
import multiprocessing
import os
import random
import re
import shutil
from dataclasses import asdict
from pathlib import Path

from ..errors import UsageError
from .catalogue_data import (
    DOC_PREFIXES, STREET_UNITS, Catalogue, build_catalogue, format_doc_number, random_weekday,
    write_catalogue_xlsx,
)
from .content import (
    DOCX_EXTRA_TITLES, GENERIC_TITLES, NOTICE_TITLES, NUMBERED_KINDS, SCAN_TITLES,
    photo_activity, pick_title, title_unit,
)
from .model import DemoEntry, DemoMaterial, DocSpec
from .render import render_bytes, xlsx_pages

__all__ = ["generate_demo_material", "plan_demo", "DemoMaterial", "DemoEntry", "SIZES"]

SIZES = {"small": 200, "full": 20_000}
PAGES_PER_DOCUMENT = 117_000 / 20_000          # the pilot's real ratio
UNTAGGED_SHARE = 0.15
GENERIC_TITLE_SHARE = 0.2      # notices, reports, minutes whose title names no topic
BOTH_TOPICS_SHARE = 0.5        # documents of two requirements that speak of both
SMALL_MECHANISM_REQUIREMENTS = 10              # small: texts of the mechanisms of these many

# shares of the documents that are not mechanism texts
KIND_SHARES = [("pdf", 0.42), ("docx", 0.24), ("scan", 0.12), ("text", 0.10), ("image", 0.09),
               ("xlsx", 0.03)]
PARALLEL_THRESHOLD = 1_000                     # documents; fewer are rendered in-process
BATCH = 20                                     # documents per worker task


# ============================================================================================
# Public API
# ============================================================================================

def generate_demo_material(out_dir: Path, size: str = "small", seed: int = 2023,
                           progress=None, cancel=None) -> DemoMaterial:
    """Write catalogue.xlsx, documents/ and manifest.json into ``out_dir``.

    ``out_dir`` may exist but its ``documents`` folder must be absent or empty (nothing is
    ever deleted). ``progress(done, total, message)`` is called after every file;
    ``cancel.raise_if_cancelled()`` between files (files written so far stay).
    """
    if size not in SIZES:
        raise UsageError(f"unknown demo size {size!r}; use one of: {', '.join(SIZES)}")
    out_dir = Path(out_dir)
    documents_dir = out_dir / "documents"
    if documents_dir.exists() and any(documents_dir.iterdir()):
        raise UsageError(f"{documents_dir} is not empty; choose an empty output folder")
    cat, specs = plan_demo(size, seed)
    documents_dir.mkdir(parents=True, exist_ok=True)
    catalogue_path = out_dir / "catalogue.xlsx"
    write_catalogue_xlsx(cat, catalogue_path)

    for folder in sorted({str(Path(s.entry.path).parent) for s in specs}):
        (documents_dir / folder).mkdir(parents=True, exist_ok=True)

    total = len(specs)
    report = progress or (lambda done, total, message="": None)
    originals = [s for s in specs if s.copy_of is None]
    copies = [s for s in specs if s.copy_of is not None]
    done = 0
    report(0, total, "catalogue.xlsx")
    jobs = min(os.cpu_count() or 1, 4)
    if len(originals) >= PARALLEL_THRESHOLD and jobs > 1:
        batches = [originals[i:i + BATCH] for i in range(0, len(originals), BATCH)]
        ctx = multiprocessing.get_context("spawn")
        pool = ctx.Pool(jobs)
        try:
            for names in pool.imap(_render_batch,
                                   [(seed, str(documents_dir), b) for b in batches]):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                done += len(names)
                report(done, total, names[-1])
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    else:
        for spec in originals:
            if cancel is not None:
                cancel.raise_if_cancelled()
            _write(documents_dir, spec, seed)
            done += 1
            report(done, total, spec.entry.path)
    by_index = {s.index: s for s in specs}
    for spec in copies:                     # deliberate duplicates: same bytes, other name
        if cancel is not None:
            cancel.raise_if_cancelled()
        shutil.copyfile(documents_dir / by_index[spec.copy_of].entry.path,
                        documents_dir / spec.entry.path)
        done += 1
        report(done, total, spec.entry.path)

    entries = [s.entry for s in specs]
    manifest_path = out_dir / "manifest.json"
    manifest = {"size": size, "seed": seed, "entries": [asdict(e) for e in entries],
                "requirements_without_evidence": list(cat.gap_requirements)}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1)
                             + "\n", encoding="utf-8")
    return DemoMaterial(catalogue_path=catalogue_path, documents_dir=documents_dir,
                        manifest_path=manifest_path, entries=entries,
                        requirements_without_evidence=list(cat.gap_requirements))


def _write(documents_dir: Path, spec: DocSpec, seed: int) -> None:
    (documents_dir / spec.entry.path).write_bytes(render_bytes(spec, seed))


def _render_batch(args) -> list[str]:
    seed, documents_dir, specs = args
    root = Path(documents_dir)
    for spec in specs:
        _write(root, spec, seed)
    return [s.entry.path for s in specs]


# ============================================================================================
# Planning: what each file is, where it goes, how it is tagged (cheap, in the parent)
# ============================================================================================

def plan_demo(size: str, seed: int) -> tuple[Catalogue, list[DocSpec]]:
    """The catalogue and the list of file specs for (size, seed); nothing is written."""
    if size not in SIZES:
        raise UsageError(f"unknown demo size {size!r}")
    cat = build_catalogue()
    rng = random.Random(f"evidence-demo-plan/{size}/{seed}")
    # what tag suggestions need of the demo (titles naming no topic, documents of two topics)
    # is drawn from a generator of its own: the rest of the plan stays as it was without it
    mix = random.Random(f"evidence-demo-mix/{size}/{seed}")
    n_total = SIZES[size]
    gaps = set(cat.gap_requirements)
    evidence = [r for r in cat.requirements if r.code not in gaps]
    reqs = {r.code: r for r in cat.requirements}

    if size == "full":
        mechs = list(cat.mechanisms)
    else:
        first = {r.code for r in evidence[:SMALL_MECHANISM_REQUIREMENTS]}
        mechs = [m for m in cat.mechanisms if m.requirements[0] in first]
    n_dup = 1 if size == "small" else 0
    n_untagged = round(UNTAGGED_SHARE * n_total)
    n_tagged = n_total - len(mechs) - n_untagged - n_dup

    drafts: list[dict] = []
    # ---- 1. the formal texts of mechanisms ---------------------------------------------
    for m in mechs:
        kind = rng.choices(["pdf", "docx", "scan"], [55, 30, 15])[0]
        wenzhong, style = _mechanism_genre(m.title)
        drafts.append(dict(
            kind=kind, reqs=list(m.requirements), mechs=[m.code], mech=m.code, unit=m.unit,
            issuer=m.unit, topic=reqs[m.requirements[0]].topic, title=m.title,
            wenzhong=wenzhong, style=style, date=m.date, doc_number=m.doc_number))

    # ---- 2. tagged evidence: every evidence requirement gets at least one document ------
    covered = {c for d in drafts for c in d["reqs"]}
    queue = [r.code for r in evidence if r.code not in covered]
    rng.shuffle(queue)
    weight = {r.code: rng.uniform(0.3, 2.0) for r in evidence}
    codes = [r.code for r in evidence]
    wlist = [weight[c] for c in codes]
    kinds = _kind_list(rng, n_tagged + n_untagged)
    for i in range(n_tagged):
        primary = queue.pop() if queue else rng.choices(codes, wlist)[0]
        r = reqs[primary]
        tags = [primary]
        docs_left = n_tagged - i
        if queue and (len(queue) >= docs_left or rng.random() < 0.35):
            tags.append(queue.pop())
        elif rng.random() < 0.3:
            same = [c for c in codes if reqs[c].task_code == r.task_code and c != primary]
            if same:
                tags.append(rng.choice(same))
        mech_tags: list[str] = []
        if rng.random() < 0.3:
            pool = sorted({mc for c in tags for mc in cat.mechanisms_by_requirement[c]})
            if pool:
                mech_tags = sorted(rng.sample(pool, min(len(pool), rng.choice([1, 1, 2]))))
        unit = r.lead_unit if rng.random() < 0.5 else rng.choice(r.responsible_units)
        topic = r.topic
        if len(tags) == 2 and mix.random() < BOTH_TOPICS_SHARE:
            topic = f"{r.topic}和{reqs[tags[1]].topic}"
        drafts.append(dict(kind=kinds[i], reqs=tags, mechs=mech_tags, mech=None, unit=unit,
                           issuer=unit, topic=topic))
    # ---- 3. untagged documents ---------------------------------------------------------
    all_units = [u.name for u in cat.units]
    for i in range(n_untagged):
        r = rng.choice(cat.requirements)
        unit = rng.choice(all_units)
        drafts.append(dict(kind=kinds[n_tagged + i], reqs=[], mechs=[], mech=None, unit=unit,
                           issuer=unit, topic=r.topic))

    for d in drafts:
        _fill_draft(rng, d)
    _calibrate_pages(rng, drafts, round(n_total * PAGES_PER_DOCUMENT))
    _number_documents(rng, cat, drafts)
    _special_pages(rng, drafts, force=size == "small")
    _generic_titles(mix, drafts)

    specs: list[DocSpec] = []
    used: set[str] = set()
    for index, d in enumerate(drafts):
        folder = _folder(d["unit"], reqs[d["reqs"][0]] if d["reqs"] else None)
        path = _unique(used, folder, _file_name(rng, d))
        entry = DemoEntry(
            path=path, requirements=list(d["reqs"]), mechanisms=list(d["mechs"]),
            unit=d["unit"], mechanism_text_of=d["mech"], title=d["title"],
            doc_number=d.get("doc_number"), date=d["date"], kind=d["kind"], pages=d["pages"])
        specs.append(DocSpec(
            index=index, entry=entry, issuer=d["issuer"], topic=d["topic"],
            wenzhong=d["wenzhong"], style=d["style"], numeral_date=d.get("numeral", False),
            encoding=d.get("encoding", "utf-8"), rotate_page=d.get("rotate", 0),
            a3_page=d.get("a3", 0), rows=d.get("rows", 0)))

    if n_dup:
        specs.append(_duplicate(rng, cat, specs, used))
    return cat, specs


def _kind_list(rng: random.Random, n: int) -> list[str]:
    counts = {k: int(share * n) for k, share in KIND_SHARES}
    counts["pdf"] += n - sum(counts.values())
    out = [k for k, _ in KIND_SHARES for _ in range(counts[k])]
    rng.shuffle(out)
    return out


_RULE_WORDS = ("办法", "细则", "制度", "规程", "规则", "规范", "指引", "清单", "机制")


def _mechanism_genre(title: str) -> tuple[str, str]:
    """(文种, body style) of a mechanism from its title."""
    stem = re.sub(r"（[^）]*）$", "", title)
    for word in _RULE_WORDS:
        if stem.endswith(word):
            return word, "rules"
    for word in ("实施意见", "意见", "方案", "计划", "措施"):
        if stem.endswith(word):
            return word[-2:], "plan"
    return "办法", "rules"


def _fill_draft(rng: random.Random, d: dict) -> None:
    """Title, date, pages and the kind-specific knobs of a draft (mechanism texts keep theirs)."""
    kind = d["kind"]
    if d["mech"] is None:
        start, end = _dt.date(2020, 1, 2), _dt.date(2022, 12, 30)
        day = (random_weekday(rng, start, end) if kind != "image"
               else start + _dt.timedelta(days=rng.randrange((end - start).days)))
        d["date"] = day.strftime("%Y%m%d")
        year = day.year
        topic, unit = d["topic"], d["unit"]
        if kind == "image":
            d["activity"] = photo_activity(rng, topic)
            d["title"] = ""                      # named after the file (see _file_name)
            d["wenzhong"], d["style"] = "照片", "report"
        elif kind == "text":
            d["title"] = rng.choice([
                f"{title_unit(unit)}{year}年第{rng.randint(1, 4)}季度{topic}工作台账",
                f"{year}年{rng.randint(1, 6)}-{rng.randint(7, 12)}月 12345热线诉求办理统计表",
                f"{topic}情况统计表（{year}年{day.month}月）",
                f"{title_unit(unit)}矛盾纠纷排查化解工作台账（{year}年{day.month}月）",
            ])
            d["wenzhong"], d["style"] = "台账", "report"
        elif kind == "xlsx":
            d["title"] = rng.choice([
                f"{title_unit(unit)}{topic}工作台账（{year}年）",
                f"{title_unit(unit)}专职网格员花名册（{year}年{day.month}月）",
                f"{year}年{topic}情况统计表",
            ])
            d["wenzhong"], d["style"] = "台账", "report"
        else:
            if kind == "pdf":
                table = NOTICE_TITLES
            elif kind == "docx":
                table = NOTICE_TITLES + DOCX_EXTRA_TITLES
            else:
                table = SCAN_TITLES if rng.random() < 0.5 else NOTICE_TITLES
            d["title"], d["wenzhong"], d["style"] = pick_title(rng, table, topic, unit, year)
            if "上半年" in d["title"] and day.month < 7:   # a half-year report comes after June
                day = random_weekday(rng, _dt.date(year, 7, 1), _dt.date(year, 9, 30))
                d["date"] = day.strftime("%Y%m%d")
            chance = {"pdf": 0.8, "docx": 0.45, "scan": 0.5}[kind]
            if (d["wenzhong"] in NUMBERED_KINDS and unit in DOC_PREFIXES
                    and rng.random() < chance):
                d["prefix"] = rng.choice(DOC_PREFIXES[unit])
            d["doc_number"] = None
    if kind == "pdf":
        d["pages"] = min(20, 3 + int(rng.betavariate(1.6, 2.4) * 18))
        d["numeral"] = rng.random() < 0.25
    elif kind == "scan":
        d["pages"] = min(8, 1 + int(rng.betavariate(2.0, 1.6) * 8))
    elif kind == "docx":
        d["pages"] = min(6, 1 + int(rng.betavariate(2.0, 1.5) * 6))
        d["numeral"] = rng.random() < 0.2
    elif kind == "text":
        d["pages"] = rng.randint(1, 3)
        d["encoding"] = rng.choices(["utf-8", "gb18030", "utf-8-sig"], [50, 35, 15])[0]
    elif kind == "xlsx":
        d["rows"] = rng.randint(20, 200)
        d["pages"] = xlsx_pages(d["rows"])
    else:
        d["pages"] = 1


def _calibrate_pages(rng: random.Random, drafts: list[dict], target: int) -> None:
    """Nudge text-PDF page counts (3..20) until the total is exactly ``target``."""
    pdfs = [d for d in drafts if d["kind"] == "pdf"]
    total = sum(d["pages"] for d in drafts)
    guard = 0
    while total != target and pdfs and guard < 10_000_000:
        guard += 1
        d = rng.choice(pdfs)
        if total < target and d["pages"] < 20:
            d["pages"] += 1
            total += 1
        elif total > target and d["pages"] > 3:
            d["pages"] -= 1
            total -= 1


def _number_documents(rng: random.Random, cat: Catalogue, drafts: list[dict]) -> None:
    """文号 rising with the date in each (代字, year) series, never reusing a mechanism's."""
    taken: dict[tuple[str, int], set[int]] = {}
    for m in cat.mechanisms:
        taken.setdefault((m.prefix, m.year), set()).add(m.number)
    series: dict[tuple[str, int], list[dict]] = {}
    for d in drafts:
        if d.get("prefix"):
            series.setdefault((d["prefix"], int(d["date"][:4])), []).append(d)
    for key in sorted(series):
        used = taken.get(key, set())
        n = 0
        for d in sorted(series[key], key=lambda d: d["date"]):
            n += rng.randint(1, 2)
            while n in used:
                n += 1
            d["doc_number"] = format_doc_number(key[0], key[1], n)


def _generic_titles(rng: random.Random, drafts: list[dict]) -> None:
    """Some notices, reports and minutes without a 文号 get a title naming no topic (a 会议纪要,
    a 工作简报): their requirement shows only in the body, as with much of what units send."""
    for d in drafts:
        if (d["mech"] is None and d["kind"] in ("pdf", "docx", "scan")
                and not d.get("doc_number") and rng.random() < GENERIC_TITLE_SHARE):
            d["title"], d["wenzhong"], d["style"] = pick_title(
                rng, GENERIC_TITLES, d["topic"], d["unit"], int(d["date"][:4]))


def _special_pages(rng: random.Random, drafts: list[dict], force: bool) -> None:
    """A few text PDFs get a page with /Rotate 90, a few an A3 landscape table page; text
    files get their encodings (at least one UTF-8 and one GB18030 when ``force``)."""
    pdfs = [d for d in drafts if d["kind"] == "pdf" and d["pages"] >= 3]
    for k, d in enumerate(pdfs):
        if (force and k == 0) or rng.random() < 0.05:
            d["rotate"] = rng.randint(2, d["pages"])
        if (force and k == 1) or rng.random() < 0.05:
            choices = [p for p in range(2, d["pages"] + 1) if p != d.get("rotate")]
            d["a3"] = rng.choice(choices)
    texts = [d for d in drafts if d["kind"] == "text"]
    if force and len(texts) >= 2:
        texts[0]["encoding"], texts[1]["encoding"] = "gb18030", "utf-8"


_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _clean(name: str, limit: int = 80) -> str:
    name = _BAD.sub("_", name).strip().rstrip(".")
    return name[:limit].rstrip()


def _folder(unit: str, req) -> str:
    if req is None:
        return f"{unit}/未分类"
    core = _clean(req.core, 22)
    return f"{unit}/{req.code} {core}"


def _file_name(rng: random.Random, d: dict) -> str:
    kind, title, dn = d["kind"], d["title"], d.get("doc_number")
    date = d["date"]
    if kind == "image":
        y, m = int(date[:4]), int(date[4:6])
        if rng.random() < 0.2:
            stem = f"IMG_{date}_{rng.randint(80000, 175959):06d}"
        else:
            stem = f"{y}年{m}月 {d['activity']} 照片 {rng.randint(1, 30):02d}"
        d["title"] = stem
        return _clean(stem) + ".jpg"
    if kind in ("text", "xlsx"):
        return _clean(title) + (".txt" if kind == "text" else ".xlsx")
    roll = rng.random()
    if kind == "docx" and d.get("wenzhong") == "纪要" and "次" in title:
        stem = title.replace("次", "次 ", 1).replace("会议纪要", " 会议纪要")
    elif dn and roll < 0.55:
        stem = f"{dn} {title}"
    elif dn and roll < 0.7:
        stem = f"{title}（{dn}）"
    elif roll < 0.8:
        stem = f"{date[:4]}.{date[4:6]}.{date[6:]} {title}"
    else:
        stem = title
    if kind == "scan":
        stem = rng.choice(["{}（扫描件）", "{}_扫描件", "{}（盖章版）", "扫描件 {}", "{}"]).format(stem)
    elif kind == "docx" and rng.random() < 0.2:
        stem += rng.choice(["（定稿）", "（终稿）", "（修改稿）", "（送审稿）"])
    ext = {"pdf": ".pdf", "scan": ".pdf", "docx": ".docx"}[kind]
    return _clean(stem) + ext


def _unique(used: set[str], folder: str, name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    path = f"{folder}/{name}"
    k = 2
    while path.casefold() in used:
        path = f"{folder}/{stem}（{k}）.{ext}"
        k += 1
    used.add(path.casefold())
    return path


def _duplicate(rng: random.Random, cat: Catalogue, specs: list[DocSpec], used: set[str]
               ) -> DocSpec:
    """One deliberate exact duplicate: another unit sent the same PDF under another name."""
    candidates = [s for s in specs if s.entry.kind == "pdf" and s.entry.requirements
                  and s.entry.mechanism_text_of is None and s.entry.pages <= 8]
    src = rng.choice(candidates)
    req = cat.requirement(src.entry.requirements[0])
    others = [u for u in (req.lead_unit,) + req.responsible_units if u != src.entry.unit]
    unit = rng.choice(others or [u for u in STREET_UNITS if u != src.entry.unit])
    name = "转报 " + src.entry.path.rsplit("/", 1)[1]
    path = _unique(used, _folder(unit, req), name)
    e = src.entry
    entry = DemoEntry(path=path, requirements=list(e.requirements), mechanisms=list(e.mechanisms),
                      unit=unit, mechanism_text_of=None, title=e.title, doc_number=e.doc_number,
                      date=e.date, kind=e.kind, pages=e.pages)
    return DocSpec(index=len(specs), entry=entry, issuer=src.issuer, topic=src.topic,
                   wenzhong=src.wenzhong, style=src.style, copy_of=src.index)
