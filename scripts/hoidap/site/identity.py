"""The committee's colours, from the hoidap plugin's ``colors`` in mkdocs.yml, as a small stylesheet.

Any configured colour yields readable text: a colour too light for text on white, or for white text
on it (the header), is darkened for those uses until it reaches WCAG AA contrast (4.5:1).
"""

from __future__ import annotations

import re
from typing import Any

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
DEFAULT_COLORS = {"primary": "#a31d1d", "accent": "#8a5a00"}
TEXT_GROUNDS = ("#ffffff", "#f5f5f5", "#ededed")  # white page, cards and code, search result meta


class IdentityError(ValueError):
    """A colour in the configuration that a browser cannot use."""


def stylesheet(colors: dict[str, Any] | None, where: str = "colors") -> str:
    """CSS custom properties for Material's palette from ``{"primary": "#…", "accent": "#…"}``; ``where``
    names the setting in messages (``plugins.hoidap.colors``)."""
    chosen = dict(DEFAULT_COLORS, **(colors or {}))
    for name, value in chosen.items():
        if name not in DEFAULT_COLORS:
            raise IdentityError(f"{where}.{name}: chỉ dùng 'primary' (màu chính) và 'accent' (màu nhấn).")
        if not isinstance(value, str) or not _HEX.fullmatch(value):
            raise IdentityError(f"{where}.{name}: màu '{value}' phải viết dạng mã hex, ví dụ \"#a31d1d\".")
    primary, accent = (readable(_six(chosen["primary"])), readable(_six(chosen["accent"])))
    return (
        ":root, [data-md-color-scheme] {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {_mix(primary, 0.2)};\n"
        f"  --md-primary-fg-color--dark: {_mix(primary, -0.25)};\n"
        "  --md-primary-bg-color: #ffffff;\n"
        f"  --md-accent-fg-color: {accent};\n"
        f"  --md-typeset-a-color: {primary};\n"
        "}\n"
    )


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(color: str, minimum: float = 4.5) -> str:
    """``color``, darkened just enough to reach ``minimum`` contrast with every background it meets.

    Text in this colour sits on white and on light grey (cards, code, search results), and the header
    sets white text on it.
    """
    for step in range(101):
        candidate = _mix(color, -step / 100) if step else color
        if all(contrast(candidate, ground) >= minimum for ground in TEXT_GROUNDS):
            return candidate
    return "#000000"


def _luminance(color: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(int(color[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _six(value: str) -> str:
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return f"#{digits.lower()}"


def _mix(color: str, amount: float) -> str:
    """Lighten (amount > 0, towards white) or darken (amount < 0, towards black) a colour."""
    channels = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    target = 255 if amount > 0 else 0
    mixed = [round(c + (target - c) * abs(amount)) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)
