"""The default link-preview image (1200×630 PNG), drawn with Pillow from the site's name and colours.

A board may use its own image instead: the hoidap plugin's ``preview_image`` in mkdocs.yml, a file under docs/.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from hoidap.site.identity import readable

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
# Fonts with Vietnamese glyphs, (bold, regular): Debian's fonts-noto-core, fonts-dejavu-core, Liberation.
FONTS = (
    ("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
)


class PreviewError(ValueError):
    """A board's own preview image that cannot be used."""


def fonts() -> tuple[str, str] | None:
    """The first installed (bold, regular) font pair with Vietnamese glyphs, or None."""
    return next(((bold, regular) for bold, regular in FONTS if Path(bold).is_file() and Path(regular).is_file()),
                None)


@functools.lru_cache(maxsize=8)
def draw(title: str, subtitle: str, primary: str, accent: str) -> bytes:
    """A 1200×630 PNG: ``title`` and ``subtitle`` in white on ``primary``, a band of ``accent`` below.

    Without a font that has Vietnamese glyphs the card is drawn without text (see ``fonts``).
    """
    image = Image.new("RGB", (WIDTH, HEIGHT), readable(primary))
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, HEIGHT - 36, WIDTH, HEIGHT), fill=accent)
    pair = fonts()
    if pair is not None:
        bold, regular = pair
        for size in (76, 64, 54):
            title_font = ImageFont.truetype(bold, size)
            lines = _wrap(canvas, unicodedata.normalize("NFC", title), title_font, WIDTH - 2 * MARGIN)
            if len(lines) <= 3:
                break
        body_font = ImageFont.truetype(regular, 36)
        body = _wrap(canvas, unicodedata.normalize("NFC", subtitle), body_font, WIDTH - 2 * MARGIN)[:4]
        step = round(size * 1.25)
        height = len(lines[:3]) * step + (30 + 48 * len(body) if body else 0)
        y = max(MARGIN // 2, (HEIGHT - 36 - height) // 2)  # centred above the band
        for line in lines[:3]:
            canvas.text((MARGIN, y), line, font=title_font, fill="#ffffff")
            y += step
        y += 30
        for line in body:
            canvas.text((MARGIN, y), line, font=body_font, fill="#ffffff")
            y += 48
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def measure(path: Path, where: str = "preview_image") -> tuple[int, int]:
    """Width and height of a board's own image; a Vietnamese PreviewError, naming the setting ``where``, when
    it is missing or unreadable."""
    if not path.is_file():
        raise PreviewError(f"{where}: không thấy tệp '{path}'. Đặt ảnh (PNG hoặc JPEG, nên 1200×630) "
                           "trong thư mục docs/, hoặc bỏ dòng này để dùng ảnh mặc định.")
    try:
        with Image.open(path) as image:
            if image.format not in ("PNG", "JPEG"):
                raise PreviewError(f"{where}: '{path}' là ảnh {image.format}; hãy dùng PNG hoặc JPEG.")
            return image.size
    except (UnidentifiedImageError, OSError):
        raise PreviewError(f"{where}: '{path}' không phải tệp ảnh đọc được; hãy dùng PNG hoặc JPEG.") \
            from None


def _wrap(canvas: ImageDraw.ImageDraw, value: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in value.split():
        if lines and canvas.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines
