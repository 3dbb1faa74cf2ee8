"""Translation memory: suggestions for ten years of one post, and at a million records.

    python benchmarks/bench_translation.py [post|million|varied|build|all]     (default: all)

``post`` builds (once) ``out/tm-post-10y.sqlite``: one post, ten years, 5,000 records
(a busy post writes a few hundred a year), and is quick enough to iterate on.
``million`` uses the shared million-record database (``common.million_db``); its
first open by this version builds the memory (migration 7), timed here as a row.
Prints Markdown rows: what, measured, goal, note.
"""
from __future__ import annotations

import sys
import time

from common import OUT, TODAY, million_db, row, timed

POST_RECORDS = 5_000


def post_db():
    from borderdesk.services import demo, session, site
    from borderdesk.store.connection import close_db, init_db

    path = OUT / "tm-post-10y.sqlite"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    init_db(path)
    session.open_session("bench")
    site.init_site("PL", "Đồn Biên phòng Pha Long", "", "post", "Lào Cai")
    demo.fill_bulk(POST_RECORDS, years=10, today=TODAY)
    close_db()
    return path


def _queries():
    """Texts an officer types: a talk's agreed point (exact), the same at another gate, three sentences, Chinese."""
    from borderdesk.store import models as m

    gates = [g for g in m.BorderGate.select() if g.name_zh]
    exact = other = None
    for t in m.Talks.select(m.Talks.agreed_vi).where(m.Talks.kind == "talks").limit(2000).iterator():
        for line in t.agreed_vi.splitlines():
            gate = next((g for g in gates if g.name_vi in line), None)
            if gate:
                exact = line
                other = line.replace(gate.name_vi, next(g.name_vi for g in gates if g.name_vi != gate.name_vi))
                break
        if exact:
            break
    talk = m.Talks.select().where(m.Talks.kind == "talks", m.Talks.agreed_vi != "").first()
    three = "\n".join(talk.agreed_vi.splitlines()[:3])
    call = m.HotlineCall.select().where(m.HotlineCall.content_zh != "").first()
    typo = (exact or three.splitlines()[0]).replace("a", "", 2)
    return [("an agreed point, exact", exact, "zh"), ("the same, another gate", other, "zh"),
            ("three agreed points", three, "zh"), ("a call's Chinese content, to vi", call.content_zh, "vi"),
            ("an agreed point with two letters missing", typo, "zh")]


def _varied_queries():
    """A stored pair typed again, the same with two words changed, its Chinese side, a text nobody wrote."""
    from borderdesk.store.models import DB

    vi, zh = DB.execute_sql("SELECT vi, zh FROM tm_unit WHERE id = (SELECT max(id) / 2 FROM tm_unit)").fetchone()
    words = vi.split()
    changed = " ".join(words[:-2] + ["biên", "giới"])
    return [("a stored sentence, exact", vi, "zh"), ("the same, two words changed", changed, "zh"),
            ("a stored Chinese sentence, to vi", zh, "vi"),
            ("a sentence nobody wrote", "Hôm nay trời mưa to ở khu vực bản Lao Chải", "zh")]


def measure(path, label: str, goal_ms: float, queries=None) -> list[str]:
    from borderdesk.services import session
    from borderdesk.services.translation import build, suggest
    from borderdesk.store.connection import close_db, init_db

    t = time.perf_counter()
    db = init_db(path)
    session.open_session("bench")
    build.ensure()  # a memory never built is built here (first_build times that alone)
    opened = time.perf_counter() - t
    units = db.execute_sql("SELECT count(*) FROM tm_unit").fetchone()[0]
    uses = db.execute_sql("SELECT count(*) FROM tm_use").fetchone()[0]
    out = [row(f"{label}: open (memory built if new: {units:,} units, {uses:,} uses)", opened, "", "", unit="s")]
    for name, text, to in (queries or _queries)():
        if not text:
            continue
        secs = timed(lambda: suggest.suggest(text, to=to, today=TODAY), repeat=7)
        first = suggest.suggest(text, to=to, today=TODAY)
        note = f"first: {first[0].score}% {' / '.join(first[0].text.splitlines())[:40]}" if first else "no suggestion"
        met = "met" if secs * 1000 <= goal_ms else "**missed**"
        out.append(row(f"{label}: suggest, {name}", secs, f"≤ {goal_ms:.0f} ms", f"{met}; {note}"))
    close_db()
    return out


VARIED_UNITS = 300_000


def varied_db():
    """A post whose memory holds 300,000 *distinct* sentence pairs (the demo's records repeat their templates).

    The sentences are made of the demo's own Vietnamese syllables and Chinese characters
    in random order: as many different texts as a national headquarters could hold.
    """
    import random

    from borderdesk.services import demo_text as T
    from borderdesk.services import session, site
    from borderdesk.services.translation import build, memory
    from borderdesk.store.connection import close_db, init_db
    from borderdesk.store.models import DB

    path = OUT / "tm-varied.sqlite"
    if path.exists():
        return path
    init_db(path)
    session.open_session("bench")
    site.init_site("PL", "Đồn Biên phòng Pha Long", "", "post", "Lào Cai")
    build.ensure()  # the post's own memory built (nearly empty); the pairs below are added to it
    pairs = [p for name in dir(T) if name.isupper() for p in _pairs_of(getattr(T, name))]
    vi_words = sorted({w for vi, _zh in pairs for w in vi.replace("{", " ").replace("}", " ").split() if w.isalpha()})
    zh_chars = sorted({c for _vi, zh in pairs for c in zh if "\u4e00" <= c <= "\u9fff"})
    rnd = random.Random(18)
    t = time.perf_counter()
    with DB.atomic():
        w = memory._Writer()
        for i in range(VARIED_UNITS):
            vi = " ".join(rnd.choices(vi_words, k=rnd.randint(6, 16))).capitalize()
            zh = "".join(rnd.choices(zh_chars, k=rnd.randint(8, 24)))
            w.use(f"varied-{i // 5}", vi, zh, memory.RECORD, f"20{rnd.randint(16, 26)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
                  "letter", "summary")
            if i % 20000 == 0:
                w.flush()
        w.flush()
    print(f"(varied memory of {VARIED_UNITS:,} pairs written in {time.perf_counter() - t:.0f} s)", file=sys.stderr)
    close_db()
    return path


def _pairs_of(value):
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(x, str) for x in value):
        return [value]
    if isinstance(value, (list, tuple)):
        return [p for v in value for p in _pairs_of(v)]
    if isinstance(value, dict):
        return [p for v in value.values() for p in _pairs_of(v)]
    return []


def reset_memory(path) -> None:
    """Leave *path*'s memory as migration 9 leaves it: its tables empty, never built."""
    from borderdesk.services.translation import memory
    from borderdesk.store.connection import close_db, init_db

    db = init_db(path)
    with db.atomic():
        for table in ("tm_vocab", "tm_fts", "tm_use", "tm_unit"):
            db.execute_sql(f"DROP TABLE IF EXISTS {table}")
        db.execute_sql("DELETE FROM setting WHERE key LIKE 'tm!_%' ESCAPE '!'")
        memory.create_tables(db)
    close_db()


def first_build(path, label: str) -> list[str]:
    """The memory built whole, as on the first opening after its migration (the same build as the desk's)."""
    import resource

    from borderdesk.services.translation import build, memory
    from borderdesk.store.connection import close_db, init_db

    reset_memory(path)
    db = init_db(path)
    records = sum(db.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in memory.record_table_names())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t, cpu = time.perf_counter(), time.process_time()
    build.ensure()
    took, cpu = time.perf_counter() - t, time.process_time() - cpu
    grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss
    units, uses = (db.execute_sql(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("tm_unit", "tm_use"))
    close_db()
    return [row(f"{label}: the memory built on first opening ({records:,} records, {units:,} units, {uses:,} uses)",
                took, "", f"{cpu:.0f} s of CPU; peak memory +{grew:.0f} MB", unit="s")]


def main(which: str = "all") -> int:
    rows = []
    if which == "build":  # the first build alone, on one post and on the million
        rows += first_build(post_db(), "one post, ten years")
        rows += first_build(million_db()[0], "1,000,000 records")
    if which in ("post", "all"):
        rows += measure(post_db(), f"one post, ten years ({POST_RECORDS:,} records)", 50)
    if which in ("million", "all"):
        path, _built = million_db()
        rows += measure(path, "1,000,000 records", 200)
    if which in ("varied", "all"):
        rows += measure(varied_db(), f"{VARIED_UNITS:,} distinct pairs", 200, _varied_queries)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*(sys.argv[1:2] or ["all"])))
