"""A fault-injecting HTTP/1.1 proxy between a workstation's sync client and a county server.

Runs an asyncio loop in a daemon thread on 127.0.0.1. For every request it reads from the
client it draws, from a seeded RNG, whether to fault it and how:

* `reset_before`     – the connection is reset (RST) before anything reaches the server;
* `cut_after_commit` – the request is forwarded, the server answers (so it committed),
                       and the client's connection is reset instead of getting the reply;
* `duplicate`        – two copies go to the server at once; the client gets one reply;
* `delay`            – the request is held `delay_s` (longer than the client's timeout),
                       then forwarded anyway; the late reply goes nowhere;
* `error_before`     – HTTP 500 at once, nothing forwarded;
* `error_after_commit` – forwarded, the server's reply replaced by HTTP 500.

Which requests are faulted comes from a shuffled deck of 20 cards, `rate` × 20 of them
faults, and the kind of each fault from a shuffled deck of the enabled kinds (both
refilled when empty): every 20 requests carry the planned share of faults, and a run with
a dozen faults injects every kind, not only the likely ones.
The decisions depend only on the seed and the order of requests, so a failing seed can
be re-run. Only what a proxy on a bad network could do is done: the client's signed
bytes are never altered (a tampered request is tests/reliability/test_refusals'
business).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar


class FaultKind(StrEnum):
    RESET_BEFORE = "reset_before"
    CUT_AFTER_COMMIT = "cut_after_commit"
    DUPLICATE = "duplicate"
    DELAY = "delay"
    ERROR_BEFORE = "error_before"
    ERROR_AFTER_COMMIT = "error_after_commit"


ALL_FAULTS: tuple[FaultKind, ...] = tuple(FaultKind)
# Faults a request that the server committed can suffer: the reply is lost or replaced,
# or a second copy arrives. These are the ones a county that does not deduplicate turns
# into duplicates.
AFTER_COMMIT = frozenset(
    {FaultKind.CUT_AFTER_COMMIT, FaultKind.DUPLICATE, FaultKind.ERROR_AFTER_COMMIT}
)
NONE = "none"
_ERROR_BODY = b'{"detail":"Internal Server Error (injected by fault proxy)"}'
_MAX_HEADER_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class FaultPlan:
    """What the proxy does: `rate` of the requests faulted, kinds drawn from `kinds`."""

    seed: int = 0
    rate: float = 0.0
    kinds: tuple[FaultKind, ...] = ALL_FAULTS
    delay_s: float = 3.0


@dataclass(frozen=True, slots=True)
class _Request:
    head: bytes  # request line and headers, "Connection" removed, ending in CRLF CRLF
    body: bytes
    keep_alive: bool


@dataclass(frozen=True, slots=True)
class _Reply:
    status: int
    raw: bytes  # the whole reply as the client should see it


_RATE_DECK = 20
T = TypeVar("T")


class _Deck(Generic[T]):
    """Cards in a seeded shuffled order, refilled when used up."""

    def __init__(self, rng: random.Random, cards: Iterable[T]) -> None:
        self._rng = rng
        self._all = list(cards)
        self._cards: list[T] = []

    def draw(self) -> T:
        if not self._cards:
            self._cards = list(self._all)
            self._rng.shuffle(self._cards)
        return self._cards.pop()


def _rate_cards(rate: float) -> list[bool]:
    faults = round(min(max(rate, 0.0), 1.0) * _RATE_DECK)
    return [True] * faults + [False] * (_RATE_DECK - faults)


class FaultProxy:
    """A proxy to `127.0.0.1:upstream_port`; use as a context manager or start()/stop()."""

    def __init__(self, upstream_port: int, plan: FaultPlan | None = None) -> None:
        self.upstream_port = upstream_port
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._lock = threading.Condition()
        self._counts: Counter[str] = Counter()
        self._requests = 0
        self._in_flight = 0
        self._plan = FaultPlan()
        self._rng = random.Random(0)
        self._faulted: _Deck[bool] = _Deck(self._rng, [False])
        self._kinds: _Deck[FaultKind] = _Deck(self._rng, ALL_FAULTS)
        self.set_plan(plan or FaultPlan())

    # -------------------------------------------------------------- control (any thread)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_plan(self, plan: FaultPlan) -> None:
        """Switch to `plan`, restarting its RNG from its seed and the counts from zero."""
        with self._lock:
            self._plan = plan
            self._rng = random.Random(plan.seed)
            self._faulted = _Deck(self._rng, _rate_cards(plan.rate) if plan.kinds else [False])
            self._kinds = _Deck(self._rng, plan.kinds or ALL_FAULTS)
            self._counts = Counter()
            self._requests = 0

    def counts(self) -> Counter[str]:
        """Requests seen per fault kind so far ("none" for the ones passed through)."""
        with self._lock:
            return Counter(self._counts)

    @property
    def requests(self) -> int:
        with self._lock:
            return self._requests

    def wait_for_requests(self, count: int, timeout: float) -> bool:
        """Block until the proxy has seen `count` requests in total (False on timeout)."""
        with self._lock:
            return self._lock.wait_for(lambda: self._requests >= count, timeout)

    def wait_idle(self, timeout: float) -> bool:
        """Block until no request is being handled, e.g. a delayed copy still on its way."""
        with self._lock:
            return self._lock.wait_for(lambda: self._in_flight == 0, timeout)

    def start(self) -> None:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        self.port = future.result(timeout=10)

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            # Repeated: a connection accepted just before the close gets its handler task
            # one loop turn later, after the first round was cancelled.
            for _ in range(10):
                tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
                if not tasks:
                    break
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)

        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> FaultProxy:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -------------------------------------------------------------- the loop's side

    async def _listen(self) -> int:
        self._server = await asyncio.start_server(self._serve_client, "127.0.0.1", 0)
        return int(self._server.sockets[0].getsockname()[1])

    def _decide(self) -> tuple[str, int]:
        """The fault for the next request and which duplicate's reply the client gets."""
        with self._lock:
            self._requests += 1
            self._in_flight += 1
            kind: str = NONE
            if self._faulted.draw():
                kind = self._kinds.draw()
            pick = self._rng.randrange(2)
            self._counts[kind] += 1
            self._lock.notify_all()
            return kind, pick

    def _done(self) -> None:
        with self._lock:
            self._in_flight -= 1
            self._lock.notify_all()

    async def _serve_client(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            # One request at a time per connection, as HTTP/1.1 without pipelining does.
            for _ in range(100_000):
                request = await _read_request(reader)
                if request is None:
                    break
                kind, pick = self._decide()
                try:
                    keep_open = await self._handle(request, kind, pick, writer)
                finally:
                    self._done()
                if not keep_open:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        except asyncio.CancelledError:
            # stop() cancels handlers still waiting (a held request, an idle keep-alive);
            # ending quietly keeps asyncio from reporting each as a failed callback.
            pass
        finally:
            with contextlib.suppress(ConnectionError, RuntimeError):
                writer.close()

    async def _handle(
        self, request: _Request, kind: str, pick: int, writer: asyncio.StreamWriter
    ) -> bool:
        if kind == FaultKind.RESET_BEFORE:
            _reset(writer)
            return False
        if kind == FaultKind.ERROR_BEFORE:
            return await _send(writer, _error_reply(), request.keep_alive)
        if kind == FaultKind.DELAY:
            # Longer than the client waits: it gives up, then the request reaches the county
            # anyway, possibly after the client's next attempt.
            with self._lock:
                delay = self._plan.delay_s
            await asyncio.sleep(delay)
        if kind == FaultKind.DUPLICATE:
            first, second = await asyncio.gather(self._forward(request), self._forward(request))
            reply = (first, second)[pick]
        else:
            reply = await self._forward(request)
        if kind == FaultKind.CUT_AFTER_COMMIT:
            _reset(writer)
            return False
        if kind == FaultKind.ERROR_AFTER_COMMIT:
            reply = _error_reply()
        return await _send(writer, reply, request.keep_alive)

    async def _forward(self, request: _Request) -> _Reply:
        """Send the request on a fresh upstream connection and read the whole reply."""
        reader, writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        try:
            writer.write(request.head[:-2] + b"Connection: close\r\n\r\n" + request.body)
            await writer.drain()
            raw = await reader.read(-1)
        finally:
            writer.close()
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        # The upstream reply says "connection: close" (we asked for it); the client's
        # connection stays open, so that header is dropped and the length is restated.
        kept = [
            line
            for line in lines[1:]
            if line.split(b":", 1)[0].strip().lower() not in (b"connection", b"content-length")
        ]
        kept.append(b"Content-Length: " + str(len(body)).encode())
        return _Reply(status, b"\r\n".join([lines[0], *kept]) + b"\r\n\r\n" + body)


async def _read_request(reader: asyncio.StreamReader) -> _Request | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError as exc:
        raise ValueError("request head too large") from exc
    if len(head) > _MAX_HEADER_BYTES:
        raise ValueError("request head too large")
    lines = head[:-4].split(b"\r\n")
    length = 0
    keep_alive = True
    kept = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        lowered = name.strip().lower()
        if lowered == b"content-length":
            length = int(value.strip())
        if lowered == b"connection":
            keep_alive = value.strip().lower() != b"close"
            continue
        if lowered == b"transfer-encoding":
            raise ValueError("chunked requests are not supported by the fault proxy")
        kept.append(line)
    body = await reader.readexactly(length) if length else b""
    return _Request(b"\r\n".join(kept) + b"\r\n\r\n", body, keep_alive)


def _error_reply() -> _Reply:
    return _Reply(
        500,
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(_ERROR_BODY)).encode() + b"\r\n\r\n" + _ERROR_BODY,
    )


async def _send(writer: asyncio.StreamWriter, reply: _Reply, keep_alive: bool) -> bool:
    try:
        writer.write(reply.raw)
        await writer.drain()
    except ConnectionError:
        return False  # the client gave up (its timeout) before the reply came
    return keep_alive


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST instead of FIN, as a dropped NAT mapping or a dying link does."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
