"""The serial protocol of the ID-card SAM modules (GA 467, the common 二代证 readers).

A command frame is::

    AA AA AA 96 69 | LEN (2, big-endian) | CMD PARA [data] | CHK

and an answer::

    AA AA AA 96 69 | LEN (2, big-endian) | SW1 SW2 SW3 [data] | CHK

LEN counts everything after itself, the check byte included; CHK is the XOR of the
LEN bytes and everything up to the check byte. SW3 is the module's status (0x90 done,
0x9F card found, 0x80 no card, …). The answer to 读基本信息 carries the text length
and the photo length (2 bytes each, big-endian), 256 bytes of UCS-2 little-endian
text and 1024 bytes of the compressed photo.

The layout was checked against several public readers' code (C, Java, C#) and agrees
with the frames the modules are documented to send (e.g. a found card answers
``AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from checkpoint_app.scanning.idcard.model import ETHNICITY_CODES, SEX_CODES, IdCard

PREAMBLE = bytes.fromhex("AAAAAA9669")
HEADER_LENGTH = len(PREAMBLE) + 2

# The longest answer a module sends is 读基本信息+指纹 (text, photo and 1024 bytes of
# fingerprints); anything longer is line noise that would make us wait for bytes
# that never come.
MAX_LENGTH = 0x0A00

TEXT_LENGTH = 256
PHOTO_LENGTH = 1024


class Command(enum.Enum):
    """Command and parameter bytes of the three steps of a read."""

    FIND_CARD = b"\x20\x01"  # 寻卡
    SELECT_CARD = b"\x20\x02"  # 选卡
    READ_BASE = b"\x30\x01"  # 读基本信息（文字与照片）

    @property
    def label(self) -> str:
        return _COMMAND_LABELS[self]


_COMMAND_LABELS = {
    Command.FIND_CARD: "寻卡",
    Command.SELECT_CARD: "选卡",
    Command.READ_BASE: "读基本信息",
}


class Status(enum.IntEnum):
    """SW3 values of GA 467 a reader is known to send."""

    OK = 0x90
    NO_CONTENT = 0x91
    FOUND = 0x9F
    BAD_CHECK_RECEIVED = 0x10
    BAD_LENGTH_RECEIVED = 0x11
    BAD_COMMAND = 0x21
    NOT_ALLOWED = 0x23
    UNRECOGNISED_ERROR = 0x24
    CARD_REFUSED_SAM = 0x31
    SAM_REFUSED_CARD = 0x32
    VERIFICATION_FAILED = 0x33
    BAD_INFO_LENGTH = 0x3F
    UNKNOWN_CARD_TYPE = 0x40
    READ_FAILED = 0x41
    RANDOM_FAILED = 0x47
    SAM_SELF_TEST_FAILED = 0x60
    SAM_NOT_AUTHORISED = 0x66
    NO_CARD = 0x80
    SELECT_FAILED = 0x81


STATUS_TEXT: dict[Status, str] = {
    Status.OK: "操作成功",
    Status.NO_CONTENT: "证件中此项无内容",
    Status.FOUND: "寻找证件成功",
    Status.BAD_CHECK_RECEIVED: "读卡器收到的命令校验和错误",
    Status.BAD_LENGTH_RECEIVED: "读卡器收到的命令长度错误",
    Status.BAD_COMMAND: "读卡器不认识此命令",
    Status.NOT_ALLOWED: "越权操作",
    Status.UNRECOGNISED_ERROR: "读卡器内部无法识别的错误",
    Status.CARD_REFUSED_SAM: "证件认证安全模块失败",
    Status.SAM_REFUSED_CARD: "安全模块认证证件失败，证件可能不是真证",
    Status.VERIFICATION_FAILED: "信息验证错误",
    Status.BAD_INFO_LENGTH: "信息长度错误",
    Status.UNKNOWN_CARD_TYPE: "无法识别的卡类型，请放二代身份证",
    Status.READ_FAILED: "读证件失败，请把证件放平后重试",
    Status.RANDOM_FAILED: "取随机数失败",
    Status.SAM_SELF_TEST_FAILED: "读卡器安全模块自检失败",
    Status.SAM_NOT_AUTHORISED: "读卡器安全模块未经授权",
    Status.NO_CARD: "没有找到证件",
    Status.SELECT_FAILED: "选取证件失败，请把证件放平后重试",
}


class ReaderError(Exception):
    """Something went wrong talking to the reader; `.message` is Chinese for the worker."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FrameError(ReaderError):
    """The bytes on the line are not a well-formed answer (noise, a wrong port, a bad cable)."""


class ReaderTimeout(ReaderError):
    """The reader did not answer in time."""


class CardDataError(ReaderError):
    """The frame was fine but the card's text could not be read as a resident ID card."""


def xor_check(data: bytes) -> int:
    """The check byte: all bytes XOR-ed together."""
    check = 0
    for byte in data:
        check ^= byte
    return check


def build_frame(body: bytes) -> bytes:
    """A complete frame around `body` (CMD PARA data, or SW1 SW2 SW3 data)."""
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([xor_check(length + body)])


def command_frame(command: Command) -> bytes:
    """The frame that sends `command` to the reader: e.g. 寻卡 is AA AA AA 96 69 00 03 20 01 22."""
    return build_frame(command.value)


@dataclass(frozen=True, slots=True)
class Answer:
    """A checked answer frame. `data` may hold the card's text: never put it in a repr."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes = field(repr=False)

    @property
    def status(self) -> Status | None:
        """The SW3 status, or None when SW1 SW2 are not 00 00 or SW3 is not in GA 467."""
        if self.sw1 or self.sw2:
            return None
        try:
            return Status(self.sw3)
        except ValueError:
            return None

    @property
    def status_hex(self) -> str:
        return f"{self.sw1:02X} {self.sw2:02X} {self.sw3:02X}"

    def status_text(self) -> str:
        status = self.status
        if status is None:
            return f"读卡器返回未知状态 {self.status_hex}"
        return STATUS_TEXT[status]


def _check_header(header: bytes) -> int:
    """The LEN of a frame from its first 7 bytes; raises FrameError for a bad preamble or LEN."""
    if header[: len(PREAMBLE)] != PREAMBLE:
        raise FrameError(
            f"读卡器应答的帧头不对（{header[: len(PREAMBLE)].hex(' ').upper()}，"
            "应为 AA AA AA 96 69）：端口可能接的不是身份证阅读器，或波特率不对"
        )
    length = int.from_bytes(header[len(PREAMBLE) : HEADER_LENGTH], "big")
    if length < 4 or length > MAX_LENGTH:
        raise FrameError(f"读卡器应答的长度不对（{length} 字节）：数据可能在线路上出错")
    return length


def parse_answer(frame: bytes) -> Answer:
    """Check preamble, length and check byte of one answer frame and split it.

    Raises FrameError with a Chinese message for each kind of damage.
    """
    if len(frame) < HEADER_LENGTH:
        raise FrameError(f"读卡器应答太短（{len(frame)} 字节）")
    length = _check_header(frame[:HEADER_LENGTH])
    if len(frame) != HEADER_LENGTH + length:
        received = len(frame) - HEADER_LENGTH
        raise FrameError(f"读卡器应答的长度不对：帧头说 {length} 字节，实际收到 {received} 字节")
    if xor_check(frame[len(PREAMBLE) : -1]) != frame[-1]:
        raise FrameError("读卡器应答的校验位不对：数据在线路上出错，请重放证件")
    return Answer(frame[7], frame[8], frame[9], frame[10:-1])


def read_frame(read: Callable[[int], bytes]) -> bytes:
    """Read one answer frame with `read(n)` (a serial port's read: at most n bytes, b"" on
    time-out). Raises ReaderTimeout when nothing or only part of a frame arrives."""
    header = read(HEADER_LENGTH)
    if not header:
        raise ReaderTimeout("读卡器没有应答：请检查连接线、端口和读卡器电源")
    if len(header) < HEADER_LENGTH:
        raise ReaderTimeout(f"读卡器应答不完整（只收到 {len(header)} 字节）")
    length = _check_header(header)
    rest = b""
    while len(rest) < length:
        chunk = read(length - len(rest))
        if not chunk:
            raise ReaderTimeout(f"读卡器应答不完整：应有 {length} 字节，只收到 {len(rest)} 字节")
        rest += chunk
    return header + rest


# ------------------------------------------------------------------ the card's text

# (offset, length) in bytes of each field of the 256-byte text, in GA 467's order.
_NAME = (0, 30)
_SEX = (30, 2)
_ETHNICITY = (32, 4)
_BIRTH = (36, 16)
_ADDRESS = (52, 70)  # never decoded: see model.py
_NUMBER = (122, 36)
_AUTHORITY = (158, 30)  # never decoded: registration does not need it
_VALID_FROM = (188, 16)
_VALID_UNTIL = (204, 16)


def _text(block: bytes, span: tuple[int, int]) -> str:
    start, length = span
    raw = block[start : start + length]
    try:
        text = raw.decode("utf-16-le")
    except UnicodeDecodeError:
        raise CardDataError("证件文字信息无法解码：请重放证件") from None
    # The chip pads with spaces; some modules pad with NULs instead.
    return text.rstrip(" \x00")


def _date(text: str, label: str) -> date:
    if len(text) == 8 and text.isascii() and text.isdigit():
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            pass
    raise CardDataError(f"证件上的{label}「{text}」不是有效日期")


def parse_text_block(block: bytes) -> IdCard:
    """The IdCard in the 256-byte UCS-2 text of a resident ID card.

    The address and the issuing authority are skipped without being decoded.
    Raises CardDataError (Chinese) when a field is not what a resident card holds.
    """
    if len(block) < TEXT_LENGTH:
        raise CardDataError(f"证件文字信息太短（{len(block)} 字节，应为 {TEXT_LENGTH}）")
    name = _text(block, _NAME)
    if not name:
        raise CardDataError("证件上没有姓名：请重放证件")
    sex_code = _text(block, _SEX)
    sex = SEX_CODES.get(sex_code)
    if sex is None:
        raise CardDataError(f"证件上的性别代码「{sex_code}」不是男（1）或女（2）")
    ethnicity_code = _text(block, _ETHNICITY)
    ethnicity = ETHNICITY_CODES.get(ethnicity_code)
    if ethnicity is None:
        raise CardDataError(f"证件上的民族代码「{ethnicity_code}」不在 GB 3304 中")
    number = _text(block, _NUMBER).strip().upper()
    if len(number) != 18:
        raise CardDataError(f"证件上的号码应为18位，读到 {len(number)} 位")
    until_text = _text(block, _VALID_UNTIL).strip()
    valid_until = None if until_text == "长期" else _date(until_text, "有效期截止日期")
    return IdCard(
        name=name,
        sex=sex,
        ethnicity=ethnicity,
        birth_date=_date(_text(block, _BIRTH), "出生日期"),
        document_number=number,
        valid_from=_date(_text(block, _VALID_FROM), "有效期起始日期"),
        valid_until=valid_until,
    )


def parse_base_message(answer: Answer) -> IdCard:
    """The IdCard in a successful answer to 读基本信息; the photo bytes are ignored."""
    data = answer.data
    if len(data) < 4:
        raise CardDataError("读基本信息的应答缺少文字长度和照片长度")
    text_length = int.from_bytes(data[0:2], "big")
    photo_length = int.from_bytes(data[2:4], "big")
    if text_length != TEXT_LENGTH or len(data) < 4 + text_length + photo_length:
        raise CardDataError(
            f"读基本信息的应答长度不对（文字 {text_length} 字节，照片 {photo_length} 字节，"
            f"共收到 {len(data)} 字节）"
        )
    return parse_text_block(data[4 : 4 + text_length])
