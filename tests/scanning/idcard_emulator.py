"""An ID-card reader (SAM module, GA 467 serial protocol) emulated on a real TCP socket.

It stands in for the hardware, which cannot run here: a USB reader and a resident ID
card cannot be plugged into a test machine. The driver under test reaches it through
pyserial's real `socket://127.0.0.1:PORT` transport, so the bytes, time-outs and
partial reads it meets are those of a real line; only the far end is simulated.

The card's 256 bytes of text are laid out here independently of the parser in
checkpoint_app (field by field, UCS-2 little-endian, space-padded), so a layout
mistake in one is caught by the other. Faults a test can switch on: a reader that
never answers, a corrupt check byte, a wrong preamble, a wrong length, an unknown
status.
"""

from __future__ import annotations

import contextlib
import enum
import socket
import threading
from dataclasses import dataclass

PREAMBLE = bytes.fromhex("AAAAAA9669")
FIND, SELECT, READ = b"\x20\x01", b"\x20\x02", b"\x30\x01"

ADDRESS = "河南省周口市商水县谭庄镇前进路88号"
PHOTO_MARKER = b"WLTPHOTO"  # the compressed photo's bytes; tests look for them leaking


@dataclass(frozen=True)
class EmulatedCard:
    """What the chip of one card holds, as text before encoding."""

    name: str
    sex_code: str
    ethnicity_code: str
    birth: str  # YYYYMMDD
    number: str
    valid_from: str
    valid_until: str  # YYYYMMDD or 长期
    address: str = ADDRESS
    authority: str = "商水县公安局"

    def text_block(self) -> bytes:
        fields = [
            (self.name, 30),
            (self.sex_code, 2),
            (self.ethnicity_code, 4),
            (self.birth, 16),
            (self.address, 70),
            (self.number, 36),
            (self.authority, 30),
            (self.valid_from, 16),
            (self.valid_until, 16),
            ("", 36),
        ]
        block = b""
        for text, width in fields:
            encoded = text.encode("utf-16-le")
            assert len(encoded) <= width, text
            block += encoded + " ".encode("utf-16-le") * ((width - len(encoded)) // 2)
        assert len(block) == 256
        return block

    @staticmethod
    def photo() -> bytes:
        return (PHOTO_MARKER * 128)[:1024]


# A Hui man with a rare character in his name and an X check digit.
MA_YAN = EmulatedCard("马䶮", "1", "03", "19900415", "41162319900415111X", "20150301", "20350301")
# A Uyghur woman whose name fills most of the field.
AYGUL = EmulatedCard(
    "阿依古丽·买买提", "2", "05", "19851102", "411623198511020021", "20100601", "20300601"
)
# A card valid for life (长期).
WANG = EmulatedCard("王秀英", "2", "01", "19580721", "411623195807210023", "20120510", "长期")
# Expired on 2021-05-01.
EXPIRED = EmulatedCard("张伟", "1", "01", "19780305", "411623197803051036", "20010501", "20210501")
# A chip whose number fails the GB 11643 check digit.
BAD_CHECK_DIGIT = EmulatedCard(
    "李强", "1", "01", "19780305", "411623197803051012", "20150301", "20350301"
)


class Fault(enum.Enum):
    NONE = "none"
    SILENT = "silent"  # reads commands, never answers
    BAD_CHECK = "bad_check"  # the read answer's check byte is wrong
    BAD_PREAMBLE = "bad_preamble"  # every answer starts with 55 AA …
    BAD_LENGTH = "bad_length"  # every answer's LEN is 0xFFFF
    UNKNOWN_STATUS = "unknown_status"  # find answers 00 00 5A


def _frame(body: bytes) -> bytes:
    length = (len(body) + 1).to_bytes(2, "big")
    check = 0
    for byte in length + body:
        check ^= byte
    return PREAMBLE + length + body + bytes([check])


class ReaderEmulator:
    """A reader listening on 127.0.0.1; put a card on it, lift it, replace it, break it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._card: EmulatedCard | None = None
        self.fault = Fault.NONE
        self.commands: list[bytes] = []  # command+parameter of every frame received
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.url = f"socket://127.0.0.1:{self.port}"
        self._stopped = threading.Event()
        self._connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    # ----- the card
    def put(self, card: EmulatedCard) -> None:
        with self._lock:
            self._card = card

    def lift(self) -> None:
        with self._lock:
            self._card = None

    replace = put  # another card taking the place of the first, with no gap

    # ----- life cycle
    def close(self) -> None:
        self._stopped.set()
        for conn in list(self._connections):
            # shutdown() wakes a thread blocked in recv(); close() alone does not.
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        self._thread.join(timeout=5)
        self._server.close()

    def __enter__(self) -> ReaderEmulator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ----- the line
    def _accept(self) -> None:
        # accept() with a short time-out: a closed listening socket does not wake it.
        self._server.settimeout(0.05)
        while not self._stopped.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            self._connections.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    @staticmethod
    def _read_exactly(conn: socket.socket, count: int) -> bytes | None:
        data = b""
        while len(data) < count:
            try:
                chunk = conn.recv(count - len(data))
            except OSError:
                return None
            if not chunk:
                return None
            data += chunk
        return data

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            while not self._stopped.is_set():
                header = self._read_exactly(conn, 7)
                if header is None:
                    return
                rest = self._read_exactly(conn, int.from_bytes(header[5:7], "big"))
                if rest is None:
                    return
                command = rest[:2]
                with self._lock:
                    self.commands.append(command)
                    card, fault = self._card, self.fault
                if fault is Fault.SILENT:
                    continue
                answer = self._answer(command, card, fault)
                try:
                    conn.sendall(answer)
                except OSError:
                    return

    @staticmethod
    def _answer(command: bytes, card: EmulatedCard | None, fault: Fault) -> bytes:
        if command == FIND:
            if fault is Fault.UNKNOWN_STATUS:
                body = b"\x00\x00\x5a"
            else:
                body = b"\x00\x00\x9f" + bytes(4) if card else b"\x00\x00\x80"
        elif command == SELECT:
            body = b"\x00\x00\x90" + bytes(8) if card else b"\x00\x00\x81"
        elif command == READ:
            if card is None:
                body = b"\x00\x00\x41"
            else:
                body = b"\x00\x00\x90\x01\x00\x04\x00" + card.text_block() + card.photo()
        else:
            body = b"\x00\x00\x21"
        frame = _frame(body)
        if fault is Fault.BAD_CHECK and command == READ:
            frame = frame[:-1] + bytes([frame[-1] ^ 0x5A])
        elif fault is Fault.BAD_PREAMBLE:
            frame = b"\x55" + frame[1:]
        elif fault is Fault.BAD_LENGTH:
            frame = frame[:5] + b"\xff\xff" + frame[7:]
        return frame
