"""The committee's colours, from ``extra.colors`` in mkdocs.yml, as a small stylesheet."""

from __future__ import annotations

import re
from typing import Any

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
DEFAULT_COLORS = {"primary": "#a31d1d", "accent": "#8a5a00"}


class IdentityError(ValueError):
    """A colour in the configuration that a browser cannot use."""


def stylesheet(colors: dict[str, Any] | None) -> str:
    """CSS custom properties for Material's palette from ``{"primary": "#…", "accent": "#…"}``."""
    chosen = dict(DEFAULT_COLORS, **(colors or {}))
    for name, value in chosen.items():
        if name not in DEFAULT_COLORS:
            raise IdentityError(f"extra.colors.{name}: chỉ dùng 'primary' (màu chính) và 'accent' (màu nhấn).")
        if not isinstance(value, str) or not _HEX.fullmatch(value):
            raise IdentityError(f"extra.colors.{name}: màu '{value}' phải viết dạng mã hex, ví dụ \"#a31d1d\".")
    primary, accent = (_six(chosen["primary"]), _six(chosen["accent"]))
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
