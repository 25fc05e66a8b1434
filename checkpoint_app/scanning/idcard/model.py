"""The ID card as read off the chip, holding only what registration needs.

The chip also holds the holder's address and photo. They are parsed only to be
skipped: a checkpoint registers where a traveller goes, not where they live, and a
photo on a laptop in a tent is a leak waiting to happen. Neither ever reaches this
dataclass, a log line or a repr.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from checkpoint_app.records.masking import mask_id_number, mask_name
from checkpoint_app.records.validation import ValidationError, check_id_number

# GB/T 2261.1 sex codes as the chip stores them (one UCS-2 digit). A resident card
# only ever holds 1 or 2; the other two codes exist in the standard for records
# about people, and are refused by the parser rather than shown as a sex.
SEX_CODES: dict[str, str] = {"1": "男", "2": "女"}

# GB 3304 ethnicity codes, with the names as printed on the card face ("汉", not
# "汉族"). 97 and 98 are the standard's "other" and "naturalised of foreign origin".
ETHNICITY_CODES: dict[str, str] = {
    "01": "汉",
    "02": "蒙古",
    "03": "回",
    "04": "藏",
    "05": "维吾尔",
    "06": "苗",
    "07": "彝",
    "08": "壮",
    "09": "布依",
    "10": "朝鲜",
    "11": "满",
    "12": "侗",
    "13": "瑶",
    "14": "白",
    "15": "土家",
    "16": "哈尼",
    "17": "哈萨克",
    "18": "傣",
    "19": "黎",
    "20": "傈僳",
    "21": "佤",
    "22": "畲",
    "23": "高山",
    "24": "拉祜",
    "25": "水",
    "26": "东乡",
    "27": "纳西",
    "28": "景颇",
    "29": "柯尔克孜",
    "30": "土",
    "31": "达斡尔",
    "32": "仫佬",
    "33": "羌",
    "34": "布朗",
    "35": "撒拉",
    "36": "毛南",
    "37": "仡佬",
    "38": "锡伯",
    "39": "阿昌",
    "40": "普米",
    "41": "塔吉克",
    "42": "怒",
    "43": "乌孜别克",
    "44": "俄罗斯",
    "45": "鄂温克",
    "46": "德昂",
    "47": "保安",
    "48": "裕固",
    "49": "京",
    "50": "塔塔尔",
    "51": "独龙",
    "52": "鄂伦春",
    "53": "赫哲",
    "54": "门巴",
    "55": "珞巴",
    "56": "基诺",
    "97": "其他",
    "98": "外国血统中国籍人士",
}


@dataclass(frozen=True, slots=True)
class IdCard:
    """A resident ID card read off its chip.

    `valid_until` is None for a card valid for life (长期). The repr masks the
    name and the number, so a card printed in a traceback or a log leaks neither.
    """

    name: str
    sex: str
    ethnicity: str
    birth_date: date
    document_number: str
    valid_from: date
    valid_until: date | None

    def __repr__(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else "长期"
        return (
            f"IdCard(name={mask_name(self.name)!r}, sex={self.sex!r}, "
            f"ethnicity={self.ethnicity!r}, birth_date={self.birth_date.isoformat()}, "
            f"document_number={mask_id_number(self.document_number)!r}, "
            f"valid={self.valid_from.isoformat()}–{until})"
        )

    def warnings(self, today: date) -> tuple[str, ...]:
        """What the worker must look at before trusting the card, in Chinese; () when none.

        A genuine chip can still carry an expired card, and a forged or misprogrammed
        one a number that fails GB 11643; the worker decides, the form only says so.
        """
        found: list[str] = []
        if self.valid_until is not None and self.valid_until < today:
            found.append(f"身份证已过有效期（至 {self.valid_until.isoformat()}）")
        if self.valid_from > today:
            found.append(f"身份证有效期尚未开始（自 {self.valid_from.isoformat()}）")
        try:
            info = check_id_number(self.document_number, today=today)
        except ValidationError as exc:
            found.append(f"身份证号码有误：{exc.message}")
        else:
            if info.birth_date != self.birth_date:
                found.append("芯片上的出生日期与身份证号码不一致")
            if info.sex != self.sex:
                found.append("芯片上的性别与身份证号码不一致")
        return tuple(found)
