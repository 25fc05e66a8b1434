"""China's administrative divisions (province → city → county, GB/T 2260 codes).

The data is ``resources/data/divisions.json`` (see ``DIVISIONS_SOURCE.md`` beside it):
``[code, name]`` pairs of the Ministry of Civil Affairs list, without its placeholder
rows (市辖区, 县, 直辖县). Levels and parents follow from the codes:

- ``xx0000`` is a province-level unit (level 1): provinces, autonomous regions, the
  four municipalities 北京/天津/上海/重庆, 香港/澳门/台湾 (these three have no children);
- ``xxyy00`` is a prefecture-level unit (level 2) under its province;
- any other code is a county-level unit (level 3). Its parent is ``xxyy00`` when that
  exists; otherwise it hangs directly under its province: the districts and counties
  of the municipalities (上海市 → 浦东新区, full name "上海市浦东新区") and the county-level
  units governed by a province (``xx90zz``: 河南省 → 济源市, 湖北 仙桃/潜江/天门/神农架,
  海南 五指山…, 新疆 石河子…).

In a three-column picker: column 1 is :meth:`DivisionIndex.provinces`, column 2 is
``children(province)``, column 3 is ``children(item chosen in column 2)``. The choice is
complete as soon as the chosen item has no children, which happens in column 1 (香港),
in column 2 (a municipality's district, 济源市, or a city without counties such as
东莞市) or in column 3. Store the code of the last item chosen; its ``full_name`` is
the text to show or print.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from checkpoint_app.resources import resource_path

PROVINCE, CITY, COUNTY = 1, 2, 3

# Longest first: "自治区" must be tried before "区".
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "新区",
    "林区",
    "特区",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
)
_AUTONOMOUS_SUFFIXES = frozenset({"自治区", "自治州", "自治县", "自治旗"})
_SUFFIXES_BY_LAST_CHAR: dict[str, tuple[str, ...]] = {}
for _suffix in _SUFFIXES:
    _SUFFIXES_BY_LAST_CHAR[_suffix[-1]] = (*_SUFFIXES_BY_LAST_CHAR.get(_suffix[-1], ()), _suffix)
del _suffix
# Ethnic groups named in autonomous units, as they appear before 自治州/自治县/…
# ("黔南布依族苗族自治州" → "黔南", "巴音郭楞蒙古自治州" → "巴音郭楞").
_ETHNIC_MULTI = (
    "蒙古|维吾尔|布依|朝鲜|土家|哈尼|哈萨克|傈僳|拉祜|东乡|纳西|景颇|柯尔克孜|达斡尔|仫佬|布朗|"
    "撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|塔塔尔|独龙|"
    "鄂伦春|赫哲|门巴|珞巴|基诺|高山"
)
_ETHNIC_SINGLE = "回|藏|苗|彝|壮|满|侗|瑶|白|傣|黎|佤|畲|水|土|羌|怒|京"
_ETHNIC_TAIL = re.compile(rf"(?:(?:{_ETHNIC_MULTI})族?|(?:{_ETHNIC_SINGLE})族|各族)$")
_NOISE = re.compile(r"[\s*＊\u3000]+")
_MIN_SHORT = 2

# Search match qualities, best first.
_EXACT, _OWN_PREFIX, _PATH_PREFIX, _OWN_SUBSTRING, _PATH_SUBSTRING = range(5)


def short_name(name: str) -> str:
    """The name without its administrative suffix: "商水县" → "商水", "上海市" → "上海".

    Autonomous units also lose their ethnic groups ("广西壮族自治区" → "广西"). A name
    that would shrink below two characters is returned whole ("赵县", "城区"), and a
    suffix that would leave one character is not taken as a suffix ("碑林区" → "碑林").
    """
    for suffix in _SUFFIXES_BY_LAST_CHAR.get(name[-1:], ()):
        if name.endswith(suffix):
            short = name[: -len(suffix)]
            if suffix in _AUTONOMOUS_SUFFIXES:
                short = _strip_ethnic_groups(short)
            if len(short) >= _MIN_SHORT:  # else try a shorter suffix: "碑林区" → "碑林"
                return short
    return name


def _strip_ethnic_groups(text: str) -> str:
    while (match := _ETHNIC_TAIL.search(text)) is not None:
        rest = text[: match.start()]
        if len(rest) >= _MIN_SHORT:
            text = rest
            continue
        if not rest and len(text) > _MIN_SHORT:  # "鄂温克族自治旗" → "鄂温克"
            text = text.removesuffix("族")
        break
    return text


def _clean(text: str) -> str:
    return _NOISE.sub("", text)


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # six digits, GB/T 2260
    name: str  # official name, e.g. "商水县"
    level: int  # 1 province, 2 city, 3 county
    parent_code: str | None
    full_name: str  # e.g. "河南省周口市商水县"; "上海市浦东新区" for a municipality's district


class _Keys(NamedTuple):
    division: Division
    short: str  # own short name
    short_path: str  # ancestors' and own short names: "河南周口商水"
    haystack: str  # every key, to reject a non-matching query with one test


class DivisionIndex:
    """All divisions, with lookups by code, tree navigation and tolerant name matching."""

    def __init__(self, pairs: Iterable[tuple[str, str] | list[str]]) -> None:
        names: dict[str, str] = {}
        for code, name in pairs:
            if len(code) != 6 or not code.isdigit():
                raise ValueError(f"division code must be six digits: {code!r}")
            if code in names:
                raise ValueError(f"duplicate division code {code}")
            names[code] = name

        self._by_code: dict[str, Division] = {}
        self._children: dict[str, list[Division]] = {}
        keys: list[_Keys] = []
        short_paths: dict[str, str] = {}
        for code in sorted(names):  # parents sort before their children
            name = names[code]
            level = _level(code)
            short = short_name(name)
            parent = _parent_code(code, level, names)
            if parent is None:
                full_name, short_path = name, short
            else:
                parent_division = self._by_code.get(parent)
                if parent_division is None:
                    raise ValueError(f"division {code} has no parent {parent} in the data")
                full_name = parent_division.full_name + name
                short_path = short_paths[parent] + short
            division = Division(code, name, level, parent, full_name)
            if parent is not None:
                self._children[parent].append(division)
            short_paths[code] = short_path
            self._by_code[code] = division
            self._children[code] = []
            keys.append(_Keys(division, short, short_path, f"{full_name}\0{short_path}"))
        self._keys = keys

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Division]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Division | None:
        return self._by_code.get(code.strip())

    def provinces(self) -> list[Division]:
        return [d for d in self._by_code.values() if d.level == PROVINCE]

    def children(self, code: str) -> list[Division]:
        """Direct children, by code. Empty for a leaf or an unknown code."""
        return list(self._children.get(code, ()))

    def ancestors(self, code: str) -> list[Division]:
        """The divisions above ``code``, province first; ``code`` itself is not included."""
        chain: list[Division] = []
        division = self._by_code.get(code)
        while division is not None and division.parent_code is not None:
            division = self._by_code[division.parent_code]
            chain.append(division)
        chain.reverse()
        return chain

    def search(self, text: str, limit: int = 20) -> list[Division]:
        """Divisions whose name, short name or full name matches ``text``, best first.

        Spaces and ``*`` are ignored. Exact matches (of the name, the short name, the
        full name or the joined short names "北京朝阳") come first, then divisions whose
        own name starts with the text, then those whose full name or joined short names
        do ("河南省周…", "河南周口…"), then substring matches ("周口商水"). Within one
        quality, higher levels (provinces) come before lower ones, then by code.
        """
        query = _clean(text)
        if not query or limit <= 0:
            return []
        ranked: list[tuple[int, int, str, Division]] = []
        for keys in self._keys:
            if query not in keys.haystack:
                continue
            quality = _quality(query, keys)
            if quality is not None:
                division = keys.division
                ranked.append((quality, division.level, division.code, division))
        ranked.sort(key=lambda item: item[:3])
        return [item[3] for item in ranked[:limit]]

    def match_place(self, text: str) -> Division | None:
        """The division that noisy text names, e.g. a travel-card city "上海市*".

        Spaces and ``*`` are ignored. Every division whose name or short name occurs in
        the text is a candidate; a candidate scores one hit for itself and one for each
        ancestor also named elsewhere in the text (non-overlapping), so "河南省郑州市"
        gives 郑州市 and "北京市朝阳区" gives Beijing's 朝阳区, not Changchun's. Ties go
        to the longer matched text, then to the broader division ("河南" is 河南省, not
        青海's 河南县).
        """
        cleaned = _clean(text)
        if not cleaned:
            return None
        spans: dict[str, list[tuple[int, int]]] = {}
        for keys in self._keys:
            found = _occurrences(cleaned, keys.division.name)
            if keys.short != keys.division.name:
                found += _occurrences(cleaned, keys.short)
            if found:
                spans[keys.division.code] = found

        best: tuple[int, int, int, int] | None = None
        best_division: Division | None = None
        for code in spans:
            division = self._by_code[code]
            chain = [division, *reversed(self.ancestors(code))]
            taken: list[tuple[int, int]] = []
            for member in chain:
                span = _longest_free_span(spans.get(member.code, []), taken)
                if span is not None:
                    taken.append(span)
            score = (
                len(taken),
                sum(end - start for start, end in taken),
                -division.level,
                -int(division.code),
            )
            if best is None or score > best:
                best, best_division = score, division
        return best_division

    def match_places(self, text: str) -> list[Division]:
        """One division per place in a list such as "河南省郑州市，上海市*" (order kept)."""
        places: list[Division] = []
        for part in re.split(r"[,，、;；/|\n]+", text):
            division = self.match_place(part)
            if division is not None and division not in places:
                places.append(division)
        return places


def _level(code: str) -> int:
    if code.endswith("0000"):
        return PROVINCE
    if code.endswith("00"):
        return CITY
    return COUNTY


def _parent_code(code: str, level: int, names: dict[str, str]) -> str | None:
    if level == PROVINCE:
        return None
    province = code[:2] + "0000"
    if level == CITY:
        return province
    city = code[:4] + "00"
    return city if city in names else province


def _quality(query: str, keys: _Keys) -> int | None:
    division = keys.division
    own = (division.name, keys.short)
    path = (division.full_name, keys.short_path)
    if query in own or query in path:
        return _EXACT
    if any(key.startswith(query) for key in own):
        return _OWN_PREFIX
    if any(key.startswith(query) for key in path):
        return _PATH_PREFIX
    if any(query in key for key in own):
        return _OWN_SUBSTRING
    if any(query in key for key in path):
        return _PATH_SUBSTRING
    return None


def _occurrences(text: str, key: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    start = text.find(key)
    while start >= 0:
        found.append((start, start + len(key)))
        start = text.find(key, start + 1)
    return found


def _longest_free_span(
    candidates: list[tuple[int, int]], taken: list[tuple[int, int]]
) -> tuple[int, int] | None:
    free = [
        span
        for span in candidates
        if all(span[1] <= start or span[0] >= end for start, end in taken)
    ]
    if not free:
        return None
    return max(free, key=lambda span: (span[1] - span[0], span[0]))


@functools.cache
def load_divisions() -> DivisionIndex:
    """The bundled divisions, read once per process."""
    path = resource_path("data", "divisions.json")
    payload = json.loads(path.read_text(encoding="utf-8"))
    return DivisionIndex(payload["divisions"])
