"""Masked forms of personal data for lists, handover sheets and anything on screen.

The whole value is shown only where a person needs it (the open record form).
These functions never raise: a masked column must render whatever is stored.
"""

from __future__ import annotations

_STAR = "*"


def _keep_tail(text: str) -> str:
    """Star all but the last few characters, never revealing more than half."""
    length = len(text)
    # Half at most, and 2–4 characters: enough to tell two people apart in a list,
    # too little to rebuild the number. Below 4 characters everything is hidden.
    keep = min(4, length // 2)
    if keep < 2:
        return _STAR * length
    return _STAR * (length - keep) + text[-keep:]


def mask_id_number(number: str) -> str:
    """Mask a document number: "410721199001011234" → "4107**********1234".

    Long numbers (15 characters or more, i.e. resident IDs old and new) keep
    their first 4 and last 4 characters; shorter ones (passports, permits) keep
    only the last 2–4. The length is preserved; empty stays empty.
    """
    number = number.strip() if isinstance(number, str) else ""
    if len(number) >= 15:
        return number[:4] + _STAR * (len(number) - 8) + number[-4:]
    return _keep_tail(number)


def mask_phone(phone: str) -> str:
    """Mask a phone number: "13812345678" → "138****5678"; odd lengths keep only the tail."""
    phone = phone.strip() if isinstance(phone, str) else ""
    if len(phone) == 11:
        return phone[:3] + _STAR * 4 + phone[-4:]
    return _keep_tail(phone)


# The compound surnames still common today; for these the surname is two characters.
_COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "澹台",
        "公冶",
        "太史",
        "申屠",
        "闻人",
        "濮阳",
        "淳于",
        "单于",
    ]
)
# Kept in place so a masked minority or foreign name keeps its visible shape.
_NAME_SEPARATORS = frozenset(" ·•・.-")


def mask_name(name: str) -> str:
    """Mask a name: keep the surname, star the given name: "张*", "王**", "欧阳**".

    Chosen over "王*明" because the surname alone is what staff use to call
    someone in a queue, and it gives away less. A two-character compound surname
    is kept whole only when a given name follows it. Other scripts keep their
    first character; separators (spaces, "·") stay so "阿卜杜·热合曼" reads
    as two parts. A single character becomes "*".
    """
    name = name.strip() if isinstance(name, str) else ""
    if len(name) <= 1:
        return _STAR * len(name)
    keep = 2 if len(name) >= 3 and name[:2] in _COMPOUND_SURNAMES else 1
    masked = (_STAR if char not in _NAME_SEPARATORS else char for char in name[keep:])
    return name[:keep] + "".join(masked)


# Where an address stops naming a place everyone knows and starts naming a house:
# the village first, else the street, else the township.
_PLACE_ENDINGS = (("村", "社区", "小区", "屯", "嘎查"), ("路", "街", "巷"), ("镇", "乡"))


def mask_address(address: str) -> str:
    """Mask an address: keep the village or street, star the house: "谭庄镇李庄村3组12号"
    → "谭庄镇李庄村******".

    The village is what a list needs (which cadre goes there); the house number is what
    it must not give away. Without a place word, only the first half is kept, at most 4
    characters.
    """
    address = address.strip() if isinstance(address, str) else ""
    for endings in _PLACE_ENDINGS:
        found = [address.find(e) + len(e) for e in endings if address.find(e) > 0]
        if found:
            cut = min(found)
            break
    else:
        cut = min(4, len(address) // 2)
    return address[:cut] + _STAR * (len(address) - cut)
