"""Synthesise the two cue sounds in resources/sounds/ (committed; rerun to change them).

ok.wav: two short rising tones. attention.wav: three low, longer tones — distinct even
in a noisy toll booth.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "resources" / "sounds"


def tone(freq: float, seconds: float, volume: float = 0.5) -> list[int]:
    n = int(RATE * seconds)
    fade = int(RATE * 0.01)
    samples = []
    for i in range(n):
        envelope = min(1.0, i / fade, (n - i) / fade)
        samples.append(int(32767 * volume * envelope * math.sin(2 * math.pi * freq * i / RATE)))
    return samples


def silence(seconds: float) -> list[int]:
    return [0] * int(RATE * seconds)


def write(name: str, samples: list[int]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT / name), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(RATE)
        f.writeframes(struct.pack(f"<{len(samples)}h", *samples))


if __name__ == "__main__":
    write("ok.wav", tone(880, 0.09) + silence(0.04) + tone(1320, 0.12))
    attention = []
    for _ in range(3):
        attention += tone(440, 0.22, 0.6) + silence(0.08)
    write("attention.wav", attention)
