"""The PDF report's font: DejaVu Sans, embedded, so an organisation's name in Greek, Polish,
Czech, Cyrillic or any other script DejaVu covers prints as written.

The fourteen standard PDF fonts (Helvetica and the rest) hold Latin-1 only: "Ελληνική
Τράπεζα" or "Bank Spółdzielczy" came out as boxes. DejaVu Sans (free licence, derived from
Bitstream Vera) covers Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic blocks
among others. It is not downloaded: matplotlib, a dependency, ships DejaVuSans.ttf and
DejaVuSans-Bold.ttf in its package data, and they are found there without importing
matplotlib (which would cost the CLI a second to start).
"""

import importlib.util
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from planner.errors import PlannerError

REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
"""The names the report's styles use; each is also its file's stem."""
FONT_PACKAGE = "matplotlib"
FONT_FOLDER = ("mpl-data", "fonts", "ttf")
"""Where the package keeps its TrueType fonts, below its own folder."""


def font_folder() -> Path:
    """The folder holding the DejaVu TrueType files; PlannerError when it cannot be found."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        folder = Path(location).joinpath(*FONT_FOLDER)
        if (folder / f"{REGULAR}.ttf").is_file():
            return folder
    raise PlannerError(
        f"cannot write the PDF: the DejaVu Sans font of the {FONT_PACKAGE} package is missing; "
        f"reinstall sovplan (pip install sovplan) to bring it back"
    )


@cache
def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans (regular, bold) with reportlab once; their names."""
    folder = font_folder()
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                  boldItalic=BOLD)  # fmt: skip
    return REGULAR, BOLD
