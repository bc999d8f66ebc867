"""The in-memory search snapshot against a brute-force oracle: same patients, same order, same cap."""

from __future__ import annotations

from array import array
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aurora_desktop.domain.text import digits, fold
from aurora_desktop.services.patient_search import (
    _clean,
    _is_mrn,
    _is_phone,
    _name_tokens,
    parse_date_query,
    search_snapshot,
)
from aurora_desktop.services.patient_search_snapshot import MAX_WORD_LISTS, Snapshot, _merged

NAME_CHARS = "abeglmnorsz'-ÉéñÖßAG"
DAY0 = date(1980, 1, 1)


def _row(pid: int, version: int, mrn: str, first: str, middle: str, last: str, day: int,
         phone: str) -> tuple:
    """A patient row as the index reads it (`ROW_FIELDS`), folded the way the services store it."""
    return (pid, version, mrn, first, last, DAY0 + timedelta(days=day), phone, digits(phone),
            fold(" ".join(p for p in (first, middle, last) if p)), fold(first), fold(last))


def oracle(rows: list[tuple], enrolled: set[int], query: str, limit: int) -> list[tuple]:
    """What `search_patients` selects, by brute force: every rule checked on every row."""
    text = _clean(query)
    if not text or limit <= 0:
        return []
    as_date = parse_date_query(text)
    if as_date is not None:
        match = lambda r: r[5] == as_date  # noqa: E731
    elif _is_mrn(text):
        prefix = text.upper().removeprefix("MRN").strip()
        match = lambda r: r[2].upper().startswith(prefix)  # noqa: E731
    elif _is_phone(text):
        needle = digits(text)
        match = lambda r: needle in r[7] or needle in r[2]  # noqa: E731
    else:
        tokens = _name_tokens(text)
        if not tokens:
            return []
        match = lambda r: all(t in r[8] for t in tokens)  # noqa: E731
    ordered = sorted(rows, key=lambda r: (r[10], r[9], r[0]))
    return [(r[0], r[2], r[3], r[4], r[5], r[6], r[0] in enrolled) for r in ordered if match(r)][:limit]


def answer(snap: Snapshot, query: str, limit: int) -> list[tuple]:
    text = _clean(query)
    if not text or limit <= 0:
        return []
    return [(h.id, h.mrn, h.first_name, h.last_name, h.date_of_birth, h.phone, h.rems_enrolled)
            for h in search_snapshot(snap, text, limit)]


names = st.text(NAME_CHARS, min_size=1, max_size=7)
people = st.lists(st.tuples(
    st.text("AW0129", min_size=1, max_size=5),  # MRN tails sharing prefixes
    names, st.one_of(st.just(""), names), names,
    st.integers(0, 6),  # few distinct birthdays
    st.one_of(st.just(""), st.text("91455078", min_size=4, max_size=10)),
), min_size=0, max_size=40)


@st.composite
def queries(draw: st.DrawFn, rows: list[tuple]) -> str:
    """Mostly pieces of what is stored (so there are hits), in the forms the search accepts."""
    kinds = ["random", "digits", "date", "mrn"]
    if rows:
        kinds += ["name part", "two name parts", "mrn prefix", "phone part"]
    kind = draw(st.sampled_from(kinds))
    if kind == "random":
        return draw(st.text(NAME_CHARS + " 0129AW\u2019", max_size=8))
    if kind == "digits":
        return draw(st.text("0123456789 -()", min_size=1, max_size=8))
    if kind == "date":
        day = DAY0 + timedelta(days=draw(st.integers(0, 7)))
        return draw(st.sampled_from([day.strftime("%m/%d/%Y"), day.isoformat(), "02/30/1980"]))
    if kind == "mrn":
        return "MRN " + draw(st.text("AW0129", max_size=3))
    row = draw(st.sampled_from(rows))
    if kind in ("name part", "two name parts"):
        words = (row[3] + " " + row[4]).split()
        parts = [w[draw(st.integers(0, len(w) - 1)):][:draw(st.integers(1, 4))] for w in words]
        return " ".join(parts[-1:] if kind == "name part" else [parts[-1].upper(), parts[0]])
    if kind == "mrn prefix":
        return "AW" + draw(st.text("0129", min_size=1, max_size=3))
    phone = row[7] or "9145"
    start = draw(st.integers(0, max(0, len(phone) - 4)))
    return phone[start:start + draw(st.integers(4, 8))]


def _build(people_: list[tuple], start: int = 1) -> list[tuple]:
    return [_row(start + k, 1, f"AW{p[0]}" if k % 3 else p[0], *p[1:]) for k, p in enumerate(people_)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), people_=people, limit=st.integers(1, 12))
def test_snapshot_answers_exactly_like_the_brute_force_search(data, people_, limit) -> None:  # noqa: ANN001
    rows = _build(people_)
    enrolled = {r[0] for r in rows if r[0] % 2}
    snap = Snapshot.build(rows, enrolled)
    for _ in range(6):
        query = data.draw(queries(rows))
        assert answer(snap, query, limit) == oracle(rows, enrolled, query, limit), query


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), people_=people, added=people, limit=st.integers(1, 12))
def test_overlay_of_changed_added_and_removed_patients_answers_like_a_rebuild(
        data, people_, added, limit) -> None:  # noqa: ANN001
    """Edited (new version), added and deactivated patients: the base updated in place (removed
    lines + extra rows) answers exactly like the brute force over the new set of patients."""
    rows = _build(people_)
    snap = Snapshot.build(rows, set())
    current = {r[0]: r for r in rows}
    for r in rows:
        change = data.draw(st.sampled_from(["keep", "keep", "edit", "deactivate"]))
        if change == "deactivate":
            del current[r[0]]
        elif change == "edit":
            first, last = data.draw(names), data.draw(names)
            current[r[0]] = _row(r[0], r[1] + 1, r[2], first, "", last, r[5].toordinal() - DAY0.toordinal(),
                                 r[6])
    for r in _build(added, start=1000):
        current[r[0]] = r
    enrolled = {pid for pid in current if pid % 3 == 0}
    ids = array("q", sorted(current))
    versions = array("q", (current[pid][1] for pid in ids))
    updated = snap.updated(ids, versions, lambda changed: [current[pid] for pid in changed], enrolled, 10_000)
    if (ids, versions) == snap.state:
        assert updated is None  # nothing to explain the change: the caller rebuilds
        return
    assert updated is not None and updated.size == len(current)
    for _ in range(6):
        query = data.draw(queries(list(current.values())))
        assert answer(updated, query, limit) == oracle(list(current.values()), enrolled, query, limit), query


def test_overlay_is_updated_in_place_and_bounded() -> None:
    """One edited patient: the base (its posting lists) is kept, one line is removed and one
    extra row placed; too many changes ask for a rebuild instead."""
    rows = [_row(k, 1, f"AW{k:04d}", "Ann", "", "Smith" + "abcdefg"[k % 7], k % 5, "9145550100")
            for k in range(1, 301)]
    snap = Snapshot.build(rows, set())
    assert [h.id for h in search_snapshot(snap, "smithd", 3)] == [3, 10, 17]
    ids = array("q", range(1, 301))
    versions = array("q", [2 if k == 10 else 1 for k in ids])
    renamed = _row(10, 2, "AW0010", "Ann", "", "Okafor", 0, "9145550100")
    updated = snap.updated(ids, versions, lambda changed: [renamed] if changed == [10] else [], set(), 50)
    assert updated is not None and updated.base is snap.base  # no rebuild
    assert updated.removed == {snap.base.line_of(10)} and len(updated.extras) == 1
    assert [h.id for h in search_snapshot(updated, "smithd", 3)] == [3, 17, 24]
    assert [h.last_name for h in search_snapshot(updated, "okafor", 5)] == ["Okafor"]
    assert [h.id for h in search_snapshot(updated, "AW001", 3)] == [10, 14, 15]  # in name order
    now = [renamed if r[0] == 10 else r for r in rows]
    for query in ("AW0", "AW00", "MRN", "smith", "an", "9145", "01/01/1980"):  # dense: scanned in order
        for limit in (1, 7, 400):
            assert answer(updated, query, limit) == oracle(now, set(), query, limit), query
            assert answer(snap, query, limit) == oracle(rows, set(), query, limit), query
    many = array("q", [2] * 300)
    assert snap.updated(ids, many, lambda changed: [], set(), 50) is None


def test_common_tokens_are_scanned_and_rare_ones_read_from_their_words() -> None:
    """A token in more than MAX_WORD_LISTS distinct words is matched by scanning in display order."""
    words = [f"a{chr(98 + k // 26)}{chr(97 + k % 26)}" for k in range(MAX_WORD_LISTS + 5)]
    rows = [_row(k + 1, 1, f"AW{k}", w, "", "Zed", 0, "") for k, w in enumerate(words)]
    snap = Snapshot.build(rows, set())
    assert snap.base._word_lists("a") is None  # noqa: SLF001 - the plan chosen
    assert snap.base._word_lists("abc") is not None  # noqa: SLF001
    assert [h.first_name for h in search_snapshot(snap, "a zed", 3)] == sorted(words)[:3]
    assert [h.first_name for h in search_snapshot(snap, "abc", 3)] == ["abc"]


def test_word_lists_are_merged_in_order_each_line_once() -> None:
    lists = [array("i", [5, 1000, 70000]), array("i", [3, 1000, 9000]), array("i", range(0, 600, 3))]
    assert list(_merged(lists)) == sorted({5, 1000, 70000, 3, 9000, *range(0, 600, 3)})
