"""The patient-search snapshot: active patients in display order, searched by work bounded by the hits.

Display order is (last-name key, first-name key, id); a search returns the first `limit`
patients in that order that match. The base (`_Base`, built once from every active patient)
is immutable; changes since it was built are an overlay (`Snapshot`: base lines that are no
longer current, plus the changed or new patients as extra rows), so a changed patient costs
one small re-read, not a rebuild (see `patient_search_index`).

Names: a token matches a patient when it occurs in the folded name (`search_name`). A token
has no space, so it matches exactly when it occurs inside one of the name's space-separated
words. The base keeps, per distinct word, the sorted lines of the patients whose name has
that word: a token is looked up in the (small) vocabulary of words and, when it occurs in a
few words, the candidates are the union of their lines - already in display order - which
then only need checking against the other tokens. A token in many words (`a`, `ng`) matches
many patients: the first `limit` lie close together, so the joined-name text is scanned with
`str.find` from the start instead. MRN prefixes come from the MRNs in sorted order (a range,
or a scan in display order when the range is large), dates of birth from a map, phone digits
from a scan of the joined digit texts.

Memory: every per-patient string lives in one joined text per column with an array of offsets
(no per-patient Python objects but the shared dates of birth).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate, chain, islice, repeat
from operator import add, ge, itemgetter, methodcaller

MAX_WORD_LISTS = 48  # a token in more words is "common": scan in display order instead
_SEP = "\n"


@dataclass(frozen=True)
class PatientHit:
    id: int
    mrn: str
    first_name: str
    last_name: str
    date_of_birth: date
    phone: str
    rems_enrolled: bool

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"


_fromordinal = date.fromordinal

# What the index reads per patient, in this order.
ROW_FIELDS = ("id", "version", "mrn", "first_name", "last_name", "date_of_birth", "phone",
              "phone_digits", "search_name", "first_name_key", "last_name_key")
_ID, _VERSION, _MRN, _FIRST, _LAST, _DOB, _PHONE, _DIGITS, _NAME, _FKEY, _LKEY = range(11)


class _Column(Sequence[str]):
    """Many strings in one text: item k is text[starts[k]:starts[k + 1] - 1]."""

    __slots__ = ("text", "starts")

    def __init__(self, parts: Sequence[str]) -> None:
        self.text = _SEP + _SEP.join(parts) + _SEP
        # starts[k] = 1 + k + (the lengths of the items before k), in C loops
        lengths = accumulate(map(len, parts), initial=0)
        self.starts = array("i", map(add, lengths, range(1, len(parts) + 2)))

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, k):  # noqa: ANN001, ANN204 - int only (Sequence's signature)
        starts = self.starts
        return self.text[starts[k]:starts[k + 1] - 1]

    def lines_containing(self, needle: str) -> Iterator[int]:
        """The items containing *needle* (which has no separator), in order."""
        text, starts, find = self.text, self.starts, self.text.find
        pos, end, line, size = 0, len(text), 0, len(starts)
        while (found := find(needle, pos)) >= 0:
            near = min(line + 32, size)  # matches of a common needle are close: a short search first
            if starts[near - 1] > found:
                line = bisect_right(starts, found, line, near) - 1
            else:
                line = bisect_right(starts, found, near) - 1
            yield line
            pos = starts[line + 1] if line + 1 < size else end

    def lines_starting_with(self, prefix: str) -> Iterator[int]:
        """The items starting with *prefix*, in order."""
        if _SEP in prefix:
            yield from (k for k in range(len(self)) if self[k].startswith(prefix))
            return
        starts, find, size = self.starts, self.text.find, len(self)
        needle, pos = _SEP + prefix, 0
        while (found := find(needle, pos)) >= 0:
            line = bisect_right(starts, found + 1) - 1
            if line < size and starts[line] == found + 1:  # at an item's start, not inside one
                yield line
            pos = found + 1

    def nbytes(self) -> int:
        return len(self.text) * _char_width(self.text) + self.starts.itemsize * len(self.starts)


def _char_width(text: str) -> int:
    top = max(map(ord, text), default=0)
    return 1 if top < 0x100 else 2 if top < 0x10000 else 4


def _merged(lists: list[array]) -> Iterator[int]:
    """The union of sorted line lists, in order, each line once: merged a window at a time in C
    (sets and sorts), the window doubling, so the first lines cost little however long the lists."""
    pos = [0] * len(lists)
    step = 128
    while lists:
        # Every line below `bound` is in this window: the lowest of the lists' step-th next lines.
        bound = min((lst[p + step] for lst, p in zip(lists, pos, strict=True) if p + step < len(lst)),
                    default=None)
        window: set[int] = set()
        for i, lst in enumerate(lists):
            end = len(lst) if bound is None else bisect_left(lst, bound, pos[i])
            window.update(lst[pos[i]:end])
            pos[i] = end
        yield from sorted(window)
        left = [i for i, lst in enumerate(lists) if pos[i] < len(lst)]
        lists, pos = [lists[i] for i in left], [pos[i] for i in left]
        step *= 2


def _word_postings(names: list[str]) -> tuple[_Column, list[array]]:
    """The distinct space-separated words of *names* and, per word, the lines having it."""
    words = " ".join(names).split(" ") if names else []  # line k's words follow line k - 1's
    per_line = map(add, map(methodcaller("count", " "), names), repeat(1))
    postings: dict[str, list[int]] = {}
    get = postings.get
    for word, line in zip(words, chain.from_iterable(map(repeat, range(len(names)), per_line)), strict=True):
        lines = get(word)
        if lines is None:
            postings[word] = [line]
        elif lines[-1] != line:  # a word twice in one name: once
            lines.append(line)
    postings.pop("", None)  # from empty names or double spaces: never a token
    return _Column(list(postings)), [array("i", lines) for lines in postings.values()]


class _Base:
    """Every active patient at one moment, in display order (line k = k-th in that order)."""

    def __init__(self, column: list[list]) -> None:
        """*column*: one list per `ROW_FIELDS` entry, the patients in the same order in each."""
        self.size = n = len(column[_ID])
        if any(map(ge, column[_ID], islice(column[_ID], 1, None))):  # not read in id order
            by_id = sorted(range(n), key=column[_ID].__getitem__)
            column = [list(map(values.__getitem__, by_id)) for values in column]
        # What is only read per hit stays in id order (j); what is scanned is put in display order.
        self.ids_sorted, self.versions_sorted = array("q", column[_ID]), array("q", column[_VERSION])
        self.first_key, self.last_key = _Column(column[_FKEY]), _Column(column[_LKEY])
        # What a hit shows, one text: field f of patient j is record[bounds[4j + f]:bounds[4j + f + 1]]
        shown = (column[_MRN], column[_FIRST], column[_LAST], column[_PHONE])
        self.record = "".join(chain.from_iterable(zip(*shown, strict=True)))
        lengths = map(len, chain.from_iterable(zip(*shown, strict=True)))
        self.bounds = array("i", accumulate(lengths, initial=0))
        self.dob = array("i", map(date.toordinal, column[_DOB]))
        # Display order (line k -> j = order[k]) by two stable sorts on plain strings: 3x faster
        # than one sort on (last, first, id) tuples.
        order = list(range(n))
        order.sort(key=column[_FKEY].__getitem__)
        order.sort(key=column[_LKEY].__getitem__)
        self.order = array("i", order)
        self.lines_by_id = array("i", sorted(range(n), key=order.__getitem__))
        names = list(map(column[_NAME].__getitem__, order))
        self.names = _Column(names)
        upper = list(map(str.upper, map(column[_MRN].__getitem__, order)))
        self.mrn_upper = _Column(upper)
        tabbed = map(add, map(column[_DIGITS].__getitem__, order), repeat("\t"))
        self.digits = _Column(list(map(add, tabbed, map(column[_MRN].__getitem__, order))))  # digits\tMRN
        dob = array("i", map(self.dob.__getitem__, order))
        by_dob = sorted(range(n), key=dob.__getitem__)  # stable: lines ascending per day
        self.dob_lines, self.dob_sorted = array("i", by_dob), array("i", map(dob.__getitem__, by_dob))
        by_mrn = sorted(range(n), key=upper.__getitem__)
        self.mrn_sorted = _Column(list(map(upper.__getitem__, by_mrn)))
        self.mrn_sorted_lines = array("i", by_mrn)
        self.vocabulary, self.postings = _word_postings(names)

    def nbytes(self) -> int:
        """Approximate size of the base in memory (texts, arrays, the DOB map)."""
        columns = (self.mrn_upper, self.first_key, self.last_key, self.names, self.digits, self.mrn_sorted,
                   self.vocabulary)
        arrays = [self.order, self.bounds, self.dob, self.dob_lines, self.dob_sorted, self.mrn_sorted_lines,
                  self.ids_sorted, self.versions_sorted, self.lines_by_id, *self.postings]
        record = len(self.record) * _char_width(self.record)
        return (sum(c.nbytes() for c in columns) + record + sum(a.itemsize * len(a) + 64 for a in arrays)
                + 100 * len(self.postings))

    def line_of(self, patient_id: int) -> int | None:
        k = bisect_left(self.ids_sorted, patient_id)
        if k < self.size and self.ids_sorted[k] == patient_id:
            return self.lines_by_id[k]
        return None

    def position(self, key: tuple[str, str, int]) -> int:
        """How many base lines sort before *key* (last-name key, first-name key, id)."""
        lo, hi = 0, self.size
        while lo < hi:
            mid = (lo + hi) // 2
            j = self.order[mid]
            if (self.last_key[j], self.first_key[j], self.ids_sorted[j]) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def hit(self, line: int, enrolled: set[int] | frozenset[int]) -> PatientHit:
        j = self.order[line]
        pid, text = self.ids_sorted[j], self.record
        a, b, c, d, e = self.bounds[4 * j:4 * j + 5]
        born = _fromordinal(self.dob[j])
        return PatientHit(pid, text[a:b], text[b:c], text[c:d], born, text[d:e], pid in enrolled)

    # --- base searches: matching lines in display order, lazily -------------------------------

    def _word_lists(self, token: str) -> list[array] | None:
        """The line lists of the words containing *token*, or None when it is in too many."""
        vocab = self.vocabulary
        starts, find = vocab.starts, vocab.text.find
        lists: list[array] = []
        pos = 0
        while (found := find(token, pos)) >= 0:
            word = bisect_right(starts, found) - 1
            if len(lists) == MAX_WORD_LISTS:
                return None
            lists.append(self.postings[word])
            pos = starts[word + 1]
        return lists

    def name_lines(self, tokens: list[str]) -> Iterator[int]:
        """Lines whose name contains every token (no token contains whitespace)."""
        plans = []
        for token in tokens:
            lists = self._word_lists(token)
            if lists is not None:
                plans.append((sum(map(len, lists)), token, lists))
        names = self.names
        if plans:  # drive by the rarest token's words; check the others on the candidates
            _, lead, lists = min(plans, key=itemgetter(0))
            candidates: Iterable[int] = lists[0] if len(lists) == 1 else _merged(lists)
        else:  # every token is common: its first matches are near the start
            lead = max(tokens, key=len)
            candidates = names.lines_containing(lead)
        rest = [t for t in tokens if t != lead]
        if not rest:
            yield from candidates
            return
        find, starts = names.text.find, names.starts  # str.find within the item: no slice
        if len(rest) == 1:
            other = rest[0]
            yield from (line for line in candidates if find(other, starts[line], starts[line + 1] - 1) >= 0)
            return
        for line in candidates:
            a, b = starts[line], starts[line + 1] - 1
            if all(find(t, a, b) >= 0 for t in rest):
                yield line

    def mrn_lines(self, prefix: str, need: int) -> Iterator[int]:
        """Lines whose upper-case MRN starts with *prefix*."""
        heads = _Prefixes(self.mrn_sorted, len(prefix))  # sorted too
        lo = bisect_left(heads, prefix)
        hi = bisect_right(heads, prefix, lo)
        matches = hi - lo
        if matches * matches <= need * self.size:  # few: sort their lines
            yield from sorted(self.mrn_sorted_lines[lo:hi])
            return
        yield from self.mrn_upper.lines_starting_with(prefix)  # many: the first ones come early

    def digit_lines(self, needle: str) -> Iterator[int]:
        """Lines whose phone digits or MRN contain *needle* (digits only)."""
        return self.digits.lines_containing(needle)

    def born_on(self, day: date) -> Iterable[int]:
        """Lines born on *day*, in order."""
        ordinal = day.toordinal()
        lo = bisect_left(self.dob_sorted, ordinal)
        return self.dob_lines[lo:bisect_right(self.dob_sorted, ordinal, lo)]


class _Prefixes(Sequence[str]):
    """A sorted column seen through the first *n* characters of each item (for bisect)."""

    def __init__(self, column: _Column, n: int) -> None:
        self.column, self.n = column, n

    def __len__(self) -> int:
        return len(self.column)

    def __getitem__(self, k):  # noqa: ANN001, ANN204
        return self.column[k][:self.n]


@dataclass(frozen=True)
class Extra:
    """A patient changed or added since the base was built, placed among the base lines."""

    row: tuple
    position: int  # base lines sorting before it
    mrn_upper: str
    digits: str

    @classmethod
    def of(cls, row: tuple, base: _Base) -> Extra:
        return cls(row, base.position((row[_LKEY], row[_FKEY], row[_ID])), row[_MRN].upper(),
                   f"{row[_DIGITS]}\t{row[_MRN]}")

    def hit(self, enrolled: set[int] | frozenset[int]) -> PatientHit:
        r = self.row
        return PatientHit(r[_ID], r[_MRN], r[_FIRST], r[_LAST], r[_DOB], r[_PHONE], r[_ID] in enrolled)


class Snapshot:
    """The base plus what changed since: lines no longer current and changed/new patients."""

    def __init__(self, base: _Base, enrolled: set[int] | frozenset[int],
                 removed: frozenset[int] = frozenset(), extras: Sequence[Extra] = (),
                 state: tuple[array, array] | None = None) -> None:
        self.base, self.enrolled, self.removed = base, enrolled, removed
        # The (ids, versions) of the active patients, by id, that this snapshot shows.
        self.state = state if state is not None else (base.ids_sorted, base.versions_sorted)
        self.extras = sorted(extras, key=lambda e: (e.row[_LKEY], e.row[_FKEY], e.row[_ID]))

    @classmethod
    def build(cls, rows: Sequence[Sequence], enrolled: set[int] | frozenset[int]) -> Snapshot:
        """From patient rows (`ROW_FIELDS`), in any order."""
        return cls.from_columns([list(map(itemgetter(i), rows)) for i in range(len(ROW_FIELDS))], enrolled)

    @classmethod
    def from_columns(cls, column: list[list], enrolled: set[int] | frozenset[int]) -> Snapshot:
        """From one list per `ROW_FIELDS` entry (no row tuples held while the base is built)."""
        return cls(_Base(column), enrolled)

    def updated(self, ids: array, versions: array, rows_of: Callable[[list[int]], list[tuple]],
                enrolled: set[int] | frozenset[int], max_changes: int) -> Snapshot | None:
        """This snapshot's base with the active patients now being *ids* at *versions* (sorted by
        id): the patients whose id or version differs from the base are re-read (`rows_of`) as
        extras and their base lines removed. None when that is more than *max_changes* patients,
        or when nothing differs from this snapshot although the caller saw a change (an edit that
        did not bump a version): rebuild from every patient then."""
        base = self.base
        if (ids, versions) == self.state:
            return None
        if ids == base.ids_sorted and versions == base.versions_sorted:  # back to the base exactly
            return Snapshot(base, enrolled)
        known = dict(zip(base.ids_sorted, base.versions_sorted, strict=True))
        changed = [pid for pid, version in zip(ids, versions, strict=True) if known.pop(pid, None) != version]
        if len(changed) + len(known) > max_changes:
            return None
        removed = frozenset(line for pid in (*changed, *known) if (line := base.line_of(pid)) is not None)
        return Snapshot(base, enrolled, removed, [Extra.of(row, base) for row in rows_of(changed)],
                        (ids, versions))

    @property
    def size(self) -> int:
        return self.base.size - len(self.removed) + len(self.extras)

    def names(self, tokens: list[str], limit: int) -> list[PatientHit]:
        return self._merge(self.base.name_lines(tokens),
                           lambda e: all(t in e.row[_NAME] for t in tokens), limit)

    def mrn_prefix(self, prefix: str, limit: int) -> list[PatientHit]:
        return self._merge(self.base.mrn_lines(prefix, limit + len(self.removed)),
                           lambda e: e.mrn_upper.startswith(prefix), limit)

    def digits(self, needle: str, limit: int) -> list[PatientHit]:
        return self._merge(self.base.digit_lines(needle), lambda e: needle in e.digits, limit)

    def born_on(self, day: date, limit: int) -> list[PatientHit]:
        return self._merge(self.base.born_on(day), lambda e: e.row[_DOB] == day, limit)

    def _merge(self, lines: Iterable[int], matches: Callable[[Extra], bool], limit: int) -> list[PatientHit]:
        """The first *limit* of the base lines (less the removed ones) and the matching extras."""
        base, enrolled, removed = self.base, self.enrolled, self.removed
        extras = [e for e in self.extras if matches(e)] if self.extras else []
        out: list[PatientHit] = []
        if limit <= 0:
            return out
        i = 0
        for line in lines:
            if line in removed:
                continue
            while i < len(extras) and extras[i].position <= line:
                out.append(extras[i].hit(enrolled))
                i += 1
                if len(out) == limit:
                    return out
            out.append(base.hit(line, enrolled))
            if len(out) == limit:
                return out
        out += (e.hit(enrolled) for e in extras[i:i + limit - len(out)])
        return out
