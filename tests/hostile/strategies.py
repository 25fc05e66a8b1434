"""Hypothesis strategies for hostile text: what a scanner, a paste or a prankster can type.

Every control character (C0, DEL, C1), the bidirectional overrides and isolates
(U+202A–202E, U+2066–2069, and the marks U+200E/200F/061C), the zero-width characters
(U+200B–200D, U+2060, U+FEFF), mixed into real payloads, and strings of a megabyte.
Lone surrogates are left out of scanned and typed payloads: Qt drops them from a line
edit and the serial scanner decodes with ``errors="replace"``. They are in the free text
(`free_text`), since a pre-registration code or a device's record is JSON, where
``"\\ud800"`` is a valid escape, and a lone surrogate makes RecordRepository.save raise.
"""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

CONTROL_CHARS = tuple(chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)])
BIDI_CHARS = tuple(
    chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)
ZERO_WIDTH_CHARS = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
HOSTILE_CHARS = CONTROL_CHARS + BIDI_CHARS + ZERO_WIDTH_CHARS
LONE_SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff")
# What free text must refuse, by Unicode category: control, format (bidi and zero-width
# among them), surrogate, line and paragraph separators. Every HOSTILE_CHARS is one.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
MEGABYTE = 1_000_000

# Payloads the parser accepts, one of each kind, to be spoiled by a hostile character.
GOOD_PAYLOADS = (
    "11010519491231002X",
    "411623199004151232",
    "豫P12345",
    "豫PD12345",
    "13812345678",
    "+86 138 1234 5678",
    "https://www.hnykm.cn/h5/code?t=Ab12",
    "WIFI:S:toll;T:WPA;;",
    "张伟",
)

hostile_char = st.sampled_from(HOSTILE_CHARS)
# Any character a keyboard, paste or scanner can deliver, weighted towards the hostile ones.
any_char = st.one_of(
    hostile_char,
    st.characters(exclude_categories=("Cs",)),
    st.sampled_from("0123456789XxP豫京 \u3000-·"),
)


@st.composite
def spoiled_payload(draw: st.DrawFn) -> str:
    """A good payload with a hostile character put inside it (not at either end)."""
    good = draw(st.sampled_from(GOOD_PAYLOADS))
    at = draw(st.integers(min_value=1, max_value=len(good) - 1))
    return good[:at] + draw(hostile_char) + good[at:]


@st.composite
def megabyte_text(draw: st.DrawFn) -> str:
    """A string of about a megabyte: a short drawn piece repeated, hostile or not."""
    piece = draw(st.text(any_char, min_size=1, max_size=12))
    return (piece * (MEGABYTE // len(piece) + 1))[: draw(st.integers(MEGABYTE - 8, MEGABYTE))]


hostile_text = st.one_of(
    st.text(any_char, max_size=80),
    spoiled_payload(),
    st.sampled_from(GOOD_PAYLOADS),
    st.builds(
        lambda good, end: good + end,
        st.sampled_from(GOOD_PAYLOADS),
        st.sampled_from(["\r", "\n", "\r\n", "\t", " ", "\u3000"]),
    ),
)
# Megabyte strings cost a fifth of a second each to check, so the tests draw them apart,
# with fewer examples.
hostile_or_huge_text = st.one_of(hostile_text, megabyte_text())


def has_hostile_char(text: str) -> bool:
    return any(char in HOSTILE_CHARS for char in text)


def has_hidden_char(text: str) -> bool:
    """True when free text holds a character it must refuse (see HIDDEN_CATEGORIES)."""
    return any(unicodedata.category(char) in HIDDEN_CATEGORIES for char in text)


# Free text a worker pastes, a code carries or a device sends: often clean (ordinary and
# ideographic spaces included), often with one hidden character or a lone surrogate.
clean_char = st.one_of(
    st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")),
    st.sampled_from("张伟李娜郑州 \u3000,，-·"),
)
free_text = st.one_of(
    st.text(clean_char, max_size=40),
    st.text(st.one_of(clean_char, hostile_char, st.sampled_from(LONE_SURROGATES)), max_size=40),
    st.builds(
        lambda good, at, bad: good[:at] + bad + good[at:],
        st.text(clean_char, min_size=1, max_size=20),
        st.integers(0, 20),
        st.sampled_from(HOSTILE_CHARS + LONE_SURROGATES + ("\u2028", "\u2029")),
    ),
)
