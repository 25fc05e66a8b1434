"""Field rules on the text of real apps' pages (what OCR returns for them), no model.

The line texts follow what the OCR model made of real 粤康码 and 通信大数据行程卡 pages
(../shared/realshots) and of the forms other apps of 2022 use for their clock.
"""

from __future__ import annotations

from datetime import datetime

from checkpoint_app.scanning.ocr import OcrLine
from checkpoint_app.scanning.page_text import extract_fields

NOW = datetime(2022, 5, 11, 9, 0)


def lines(*texts: str) -> list[OcrLine]:
    return [
        OcrLine(text, 0.9, (0.0, 100.0 * i, 500.0, 100.0 * i + 40)) for i, text in enumerate(texts)
    ]


def values(*texts: str, now: datetime = NOW) -> dict[str, str]:
    fields, _ = extract_fields(lines(*texts), now=now)
    return {key: reading.value for key, reading in fields.items()}


def test_a_date_over_a_big_clock_with_the_weekday_in_brackets_is_the_page_clock() -> None:
    assert values("豫康码", "2022年10月26日(周三)", "18:48:05")["shown_at"] == "2022-10-26T18:48:05"


def test_a_clock_without_a_year_takes_the_year_that_makes_it_most_recent() -> None:
    assert values("5月10日 20:27:11")["shown_at"] == "2022-05-10T20:27:11"
    # 8 January seen in May is this year's; 20 December seen in May is last year's.
    assert values("01-08 17:05:05")["shown_at"] == "2022-01-08T17:05:05"
    assert values("12-20 17:05:05")["shown_at"] == "2021-12-20T17:05:05"


def test_the_registration_time_of_a_venue_pass_is_the_page_clock_not_the_nat_time() -> None:
    found = values(
        "通行登记",
        "通行凭证",
        "*鹤",
        "登记时间：2022-04-2209:55:11",
        "绿码",
        "最新上报时间：2020/04/18",
        "核酸检测结果> 疫苗接种信息>",
        "小时 您已完成",
        "72 阴性 新冠疫苗加强接种",
        "2022-04-20 04:01 2022-01-01",
    )

    assert found["shown_at"] == "2022-04-22T09:55:11"
    assert found["nat_time"] == "2022-04-20T04:01:00"
    assert found["colour_text"] == "green"


def test_a_health_page_with_a_travel_card_link_is_not_a_travel_card_by_its_words() -> None:
    _, clues = extract_fields(
        lines("通行登记", "通行凭证", "周*霞", "绿码", "核酸检测结果>", "通信大数据行程卡"), now=NOW
    )

    assert clues.health_title_top and clues.colour_word
    assert not clues.travel_title_top and not clues.travel_body


def test_travel_cities_wrapped_inside_a_name_are_joined_back() -> None:
    found = values(
        "通信大数据行程卡",
        "请收下绿色行程卡",
        "您于前14天内到达或途经：浙江省杭州市,浙",
        "江省湖州市",
        "结果包含您在前14天内到访的国家（地区）与停留4小时以上的国内城市",
    )

    assert found["travel_cities"] == "浙江省杭州市,浙江省湖州市"
    assert found["travel_colour"] == "green"


def test_a_city_ending_on_the_next_line_keeps_its_shi_and_its_star() -> None:
    assert values("您于前14天内到达或途经：浙江省杭州", "市")["travel_cities"] == "浙江省杭州市"
    found = values(
        "通信大数据行程卡",
        "您于前7天内到达或途经：河南省郑州市，河北省唐山",
        "市*，北京市",
        "(注:*表示当前该城市存在中风险或高风险地区，并不表示用户实际到访过这些中高风险地区)",
    )

    assert found["travel_cities"] == "河南省郑州市,河北省唐山市*,北京市"


def test_a_star_read_as_its_own_box_stays_on_its_city() -> None:
    assert values("到达或途经：河北省唐山市 * ，北京市")["travel_cities"] == "河北省唐山市*,北京市"


def test_doubtful_cities_are_left_empty_but_a_starred_one_is_kept() -> None:
    assert "travel_cities" not in values("到达或途经：浙江省杭州市,结")
    assert values("到达或途经：浙江省杭州市,浙江省湖,河北省唐山市*")["travel_cities"] == (
        "河北省唐山市*"
    )


def test_the_travel_cards_colour_is_read_from_its_banner_words() -> None:
    assert values("通信大数据行程卡", "请收下黄色行程卡")["travel_colour"] == "yellow"
    assert "travel_colour" not in values("豫康码", "绿码", "行程卡")


def test_a_tiles_time_without_seconds_is_not_taken_for_the_page_clock() -> None:
    found = values("随申码", "李*", "绿码", "核酸检测 疫苗接种", "阴性 已完成1针", "03-06 05:39")

    assert "shown_at" not in found


def test_a_date_without_its_year_over_a_big_clock_takes_the_most_recent_year() -> None:
    over = ("渝康码", "12月31日(周六)", "23:48:05")

    assert values(*over, now=datetime(2022, 12, 31, 23, 59))["shown_at"] == "2022-12-31T23:48:05"
    assert values(*over, now=datetime(2023, 1, 1, 0, 10))["shown_at"] == "2022-12-31T23:48:05"


def test_a_health_pages_nat_link_does_not_make_it_a_nat_report_by_its_words() -> None:
    _, health = extract_fields(lines("粤康码", "绿码", "核酸检测结果>", "疫苗接种信息>"), now=NOW)
    _, report = extract_fields(
        lines("核酸检测报告", "姓名 张*明", "采样时间 2022-05-10 08:30", "检测结果 阴性"), now=NOW
    )

    assert not health.nat_report
    assert report.nat_report


def test_a_star_the_ocr_reads_as_a_black_star_is_a_star() -> None:
    assert values("到达或途经：河北省唐山市★，北京市")["travel_cities"] == "河北省唐山市*,北京市"


def test_a_big_clock_above_its_date_is_the_page_clock() -> None:
    assert (
        values("一码通", "18:48:05", "2022年05月10日 星期二")["shown_at"] == "2022-05-10T18:48:05"
    )
    # A bare hour and minute above a date is no live clock.
    assert "shown_at" not in values("一码通", "18:48", "2022年05月10日 星期二")


def test_a_weekday_on_its_own_line_between_the_date_and_the_clock_is_skipped() -> None:
    found = values("苏康码", "2022-05-10", "星期二", "20:27:11")

    assert found["shown_at"] == "2022-05-10T20:27:11"


def test_a_labelled_query_time_is_the_page_clock_over_an_earlier_bare_one() -> None:
    found = values("健康码", "2022-05-10 19:00:01", "查询时间：2022-05-10 20:27:11")

    assert found["shown_at"] == "2022-05-10T20:27:11"


def test_county_level_places_a_province_governs_directly_are_cities_of_the_card() -> None:
    found = values("到达或途经：海南省陵水黎族自治县，湖北省神农架林区*，海南省三亚市")

    assert found["travel_cities"] == "海南省陵水黎族自治县,湖北省神农架林区*,海南省三亚市"
