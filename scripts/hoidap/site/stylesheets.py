"""Our screen stylesheets as one file: one render-blocking request instead of four."""

from __future__ import annotations

from pathlib import Path

BUNDLE = "assets/stylesheets/hoidap.css"
# In cascade order: the committee's colours, then each feature, accessibility fixes last so they win.
SCREEN = ("booklet.css", "reader.css", "quiz.css", "plan.css", "statistics.css", "a11y.css")


def bundle(identity_css: str, folder: Path) -> str:
    """``identity_css`` followed by each stylesheet of ``SCREEN`` found in ``folder`` (print.css stays apart)."""
    parts = [f"/* identity.css */\n{identity_css}"]
    for name in SCREEN:
        path = folder / name
        if path.is_file():
            parts.append(f"/* {name} */\n{path.read_text(encoding='utf-8')}")
    return "\n".join(parts)
