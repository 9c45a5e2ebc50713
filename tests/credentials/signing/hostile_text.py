"""Text that breaks naive canonicalization: every control character, quotes and backslashes,
characters from every Unicode plane, emoji sequences, right-to-left text with its marks, very long
strings, and mixtures of them."""

C0_CONTROLS = "".join(chr(code) for code in range(0x20))
C1_CONTROLS = "".join(chr(code) for code in range(0x80, 0xA0))
QUOTES_AND_BACKSLASHES = '"\'`\\ \\\\ \\" \\u0000 \\n \\t \\U0001F600 <>{}|^ ${x} %s %00'
# From each of the 17 planes: its first, some middle and its last two code points (the last two
# are noncharacters), leaving out the surrogates.
EVERY_PLANE = "".join(
    chr(plane * 0x10000 + offset)
    for plane in range(17)
    for offset in (0x0000, 0x00A9, 0x1234, 0xABCD, 0xFFFE, 0xFFFF)
    if not 0xD800 <= plane * 0x10000 + offset <= 0xDFFF
)
BMP_SPECIALS = "\u00a0\u00ad\u200b\u200c\u200d\u2028\u2029\ue000\uf8ff\ufeff\ufffc\ufffd"
EMOJI = "😀 👩🏽‍💻 🏳️‍🌈 🇲🇺 👨‍👩‍👧‍👦 🧑🏿‍🦯 ✍️ 🫠 #️⃣"
RIGHT_TO_LEFT = (
    "\u200fشهادة مصغرة في تحليل البيانات\u200e (Python)\u200f "
    "\u202bתעודה מיקרו\u202c \u2067עברית\u2069 \u202eRLO override\u202c \u061c\u200e"
)
COMBINING = "e\u0301 a\u0308\u0332 Z\u0351\u0364\u034f\u0489 \u1100\u1161\u11a8 ﷽"


def long_text(length: int = 100_000) -> str:
    unit = C0_CONTROLS + EVERY_PLANE + EMOJI + RIGHT_TO_LEFT + QUOTES_AND_BACKSLASHES
    return (unit * (length // len(unit) + 1))[:length]


HOSTILE_TEXTS = {
    "c0 controls": C0_CONTROLS,
    "c1 controls and DEL": "\x7f" + C1_CONTROLS,
    "quotes and backslashes": QUOTES_AND_BACKSLASHES,
    "every plane": EVERY_PLANE,
    "bmp specials": BMP_SPECIALS,
    "emoji": EMOJI,
    "right to left": RIGHT_TO_LEFT,
    "combining": COMBINING,
    "only a space": " ",
    "empty": "",
    "100k ascii": "a" * 100_000,
    "100k mixed": long_text(),
    "everything": C0_CONTROLS
    + "\x7f"
    + C1_CONTROLS
    + QUOTES_AND_BACKSLASHES
    + EVERY_PLANE
    + BMP_SPECIALS
    + EMOJI
    + RIGHT_TO_LEFT
    + COMBINING,
}
