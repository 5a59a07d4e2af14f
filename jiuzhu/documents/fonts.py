"""Finding the CJK fonts the set-up installs (Debian fonts-noto-cjk, or fonts-wqy-microhei).

The PDF embeds (a subset of) the font, so the printed form shows real Chinese text on any reader.
"""

from __future__ import annotations

import functools
from pathlib import Path

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
# (file name, family name) by preference: serif (宋体-like) for official text, sans as fallback.
CANDIDATES = [
    ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    ("NotoSansCJKsc-Regular.otf", "Noto Sans CJK SC"),
    ("wqy-microhei.ttc", "WenQuanYi Micro Hei"),
    ("wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
]
APT_HINT = "apt-get install -y fonts-noto-cjk"


class FontMissing(RuntimeError):
    pass


@functools.cache
def cjk_fonts() -> tuple[tuple[str, str], ...]:
    """(family, file) of every installed candidate, best first. Raises FontMissing if there is none."""
    found = []
    for filename, family in CANDIDATES:
        for base in FONT_DIRS:
            hits = sorted(base.rglob(filename)) if base.is_dir() else []
            if hits:
                found.append((family, str(hits[0])))
                break
    if not found:
        raise FontMissing(f"未找到中文字体（CJK font），无法生成 PDF。请安装：{APT_HINT}")
    return tuple(found)


def font_css() -> str:
    """CSS that names the installed CJK families (fontconfig resolves the family inside the .ttc)."""
    families = ", ".join(f'"{family}"' for family, _ in cjk_fonts())
    return f"html {{ font-family: {families}, serif; }}\n"
