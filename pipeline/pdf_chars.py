"""The PDF's words, with their boxes and type, from pypdfium2 (or pdfplumber).

Both character sources give the same thing for every page: words with their box,
size, weight, font and whether the font is a dingbat font, grouped into segments
(words on one line with no wide gap between them). Everything after this, from
running lines to blocks, is the same for both (pipeline/pdf.py).
"""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass, field
from typing import Iterator

from . import progress
from .ingest import IngestError

WORD_GAP = 0.8              # a larger gap between words (in em) ends a segment
DINGBAT_FONT = re.compile(r"dingbat|wingding|webding|symbol|zapf", re.I)
BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|[-,]b$|\bbd\b", re.I)
_TOKEN = re.compile(r"[^\s\ufffe\x02]+[\ufffe\x02]?|[\ufffe\x02]")


# --- what the character sources produce -------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    size: float
    bold: bool
    dingbat: bool
    font: str


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    style: _Style
    unreadable: bool = False  # in a font whose text is not words and could not be repaired


@dataclass(slots=True)
class _Seg:
    """Words on one line with no wide gap between them."""

    words: list[_Word]
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class _RawPage:
    page_no: int
    width: float
    height: float
    segs: list[_Seg] = field(default_factory=list)
    n_chars: int = 0
    has_text_layer: bool = False
    has_graphics: bool = False
    unreadable: str | None = None
    n_dropped: int = 0


# --- character sources -----------------------------------------------------------


def _load_error(error: Exception) -> IngestError:
    code = getattr(error, "err_code", None)
    if code == 4:
        return IngestError("encrypted", "encrypted PDF: it needs a password to open")
    if code == 5:
        return IngestError("encrypted", "encrypted PDF: its security handler is not supported")
    return IngestError("corrupt", f"corrupt PDF: {error}")


def _pdfium_pages(data: bytes) -> Iterator[_RawPage]:
    """Pages from pypdfium2's raw API: one call per word for its font, two for its box."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _load_error(error) from None
    except Exception as error:  # noqa: BLE001 - anything a parser throws means a bad file
        raise IngestError("corrupt", f"corrupt PDF: {type(error).__name__}: {error}") from None
    try:
        n_pages = len(document)
        for index in range(n_pages):
            progress.page(index + 1, n_pages)
            try:
                page = document[index]
            except Exception as error:  # noqa: BLE001 - one bad page is a warning
                yield _RawPage(index + 1, 0.0, 0.0, unreadable=str(error))
                continue
            try:
                result = _pdfium_page(raw, page, index + 1)
            except Exception as error:  # noqa: BLE001 - one bad page is a warning
                result = _RawPage(index + 1, 0.0, 0.0, unreadable=f"{type(error).__name__}: {error}")
            finally:
                page.close()
            yield result
    finally:
        document.close()


class _PdfiumFonts:
    """Style of a text object (size, bold, dingbat), cached per object and per font."""

    def __init__(self, raw):
        self.raw = raw
        self.by_object: dict[int, _Style | None] = {}
        self.by_font: dict[int, tuple[str, bool, bool]] = {}
        self.matrix = raw.FS_MATRIX()
        self.buffer = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        # The object's address as a plain int: ctypes.cast on every word costs 5 µs.
        self.object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
            ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)

    def style(self, textpage, textpage_address: int, index: int) -> _Style | None:
        key = self.object_address(textpage_address, index) or 0
        style = self.by_object.get(key, False)
        if style is not False:
            return style
        raw = self.raw
        raw.FPDFText_GetMatrix(textpage, index, ctypes.byref(self.matrix))
        m = self.matrix
        if abs(m.b) > 0.05 * abs(m.a) + 1e-6 or abs(m.c) > 0.05 * abs(m.d) + 1e-6 or m.a <= 0 or m.d <= 0:
            style = None  # rotated or mirrored text: side tabs, watermarks
        else:
            size = raw.FPDFText_GetFontSize(textpage, index) * math.hypot(m.c, m.d)
            obj = raw.FPDFText_GetTextObject(textpage, index) if key else None
            name, bold, dingbat = self._font(raw.FPDFTextObj_GetFont(obj)) if obj else ("", False, False)
            style = _Style(round(size, 2), bold, dingbat, name)
        self.by_object[key] = style
        return style

    def _font(self, font) -> tuple[str, bool, bool]:
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in self.by_font:
            raw = self.raw
            length = raw.FPDFFont_GetBaseFontName(font, self.buffer, len(self.buffer)) if font else 0
            name = self.buffer.value.decode("latin-1", "replace") if length else ""
            weight = raw.FPDFFont_GetWeight(font) if font else -1
            force_bold = bool(font) and raw.FPDFFont_GetFlags(font, ctypes.byref(self.flags)) and bool(self.flags.value & (1 << 18))
            bold = weight >= 600 or force_bold or bool(BOLD_FONT.search(name.split("+")[-1]))
            self.by_font[key] = (name, bold, bool(DINGBAT_FONT.search(name)))
        return self.by_font[key]


def _pdfium_page(raw, page, page_no: int) -> _RawPage:
    width, height = page.get_size()
    result = _RawPage(page_no, float(width), float(height))
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        n = raw.FPDFText_CountChars(tp)
        if n <= 0:
            result.has_graphics = _has_image(raw, page.raw)
            return result
        text = textpage.get_text_range()
        if len(text) != n:  # characters outside the BMP take two UTF-16 units
            text = "".join(chr(raw.FPDFText_GetUnicode(tp, i) or 0xFFFD) for i in range(n))
        result.has_text_layer = bool(text.strip())
        result.has_graphics = result.has_text_layer or _has_image(raw, page.raw)
        fonts = _PdfiumFonts(raw)
        tp_address = ctypes.cast(tp, ctypes.c_void_p).value
        rect = raw.FS_RECTF()
        rect_ref = ctypes.byref(rect)
        get_box, style_of = raw.FPDFText_GetLooseCharBox, fonts.style
        words: list[_Word] = []
        n_chars = 0
        for match in _TOKEN.finditer(text):
            start, end = match.span()
            get_box(tp, start, rect_ref)
            x0, top, bottom, x1 = rect.left, rect.top, rect.bottom, rect.right
            if end - start > 1:
                get_box(tp, end - 1, rect_ref)
                if abs(rect.bottom - bottom) > 0.5 * max(top - bottom, 1.0) or rect.right < x0:
                    words.extend(_split_token(raw, tp, tp_address, fonts, match.group(), start, height))
                    n_chars += end - start
                    continue
                x1 = max(x1, rect.right)
            style = style_of(tp, tp_address, start)
            if style is None or style.size <= 0:
                continue
            n_chars += end - start
            words.append(_Word(match.group(), x0, x1, height - top, height - bottom, style))
        result.n_chars = n_chars
        result.segs = segments_of(words, width, height)
        return result
    finally:
        textpage.close()


def _has_image(raw, page) -> bool:
    """Does the page hold a picture? A page without text but with one is a scan (worth an
    OCR warning); one with only paths or nothing is blank."""
    return any(raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, i)) == raw.FPDF_PAGEOBJ_IMAGE
               for i in range(raw.FPDFPage_CountObjects(page)))


def _split_token(raw, tp, tp_address: int, fonts: _PdfiumFonts, token: str, start: int, height: float) -> list[_Word]:
    """A token that pdfium ran across a line or column break: split it by its characters' boxes."""
    rect = raw.FS_RECTF()
    words: list[_Word] = []
    for offset, ch in enumerate(token):
        index = start + offset
        raw.FPDFText_GetLooseCharBox(tp, index, ctypes.byref(rect))
        style = fonts.style(tp, tp_address, index)
        if style is None:
            continue
        top, bottom = height - rect.top, height - rect.bottom
        last = words[-1] if words else None
        if last and abs(last.bottom - bottom) < 0.5 * max(bottom - top, 1.0) and 0 <= rect.left - last.x1 < 0.15 * style.size:
            last.text += ch
            last.x1 = rect.right
        else:
            words.append(_Word(ch, rect.left, rect.right, top, bottom, style))
    return words


def _pdfplumber_pages(data: bytes) -> Iterator[_RawPage]:
    """Pages from pdfplumber's characters (pdfminer): same words, about 20 times slower."""
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        page_list = pdf.pages
    except Exception as error:  # noqa: BLE001 - anything a parser throws means a bad file
        causes = [error, *error.args, error.__context__]  # pdfplumber wraps pdfminer's errors
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise IngestError("encrypted", "encrypted PDF: it needs a password to open") from None
        raise IngestError("corrupt", f"corrupt PDF: {type(error).__name__}: {error}") from None
    styles: dict[tuple[str, float], _Style] = {}
    with pdf:
        for page in page_list:
            progress.page(page.page_number, len(page_list))
            result = _RawPage(page.page_number, float(page.width), float(page.height))
            try:
                raw_words = page.extract_words(use_text_flow=True, extra_attrs=["size", "fontname", "upright"],
                                               x_tolerance=1.5)
            except Exception as error:  # noqa: BLE001 - one bad page is a warning
                result.unreadable = f"{type(error).__name__}: {error}"
                yield result
                continue
            words = []
            for w in raw_words:
                if not w["upright"]:
                    continue
                key = (w["fontname"], round(float(w["size"]), 2))
                if key not in styles:
                    name = key[0]
                    styles[key] = _Style(key[1], bool(BOLD_FONT.search(name.split("+")[-1])), bool(DINGBAT_FONT.search(name)), name)
                words.append(_Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), styles[key]))
            result.n_chars = sum(len(w.text) for w in words)
            result.segs = segments_of(words, result.width, result.height)
            result.has_text_layer = bool(raw_words)
            result.has_graphics = bool(raw_words or page.images)
            page.flush_cache()
            yield result


# --- words → segments ---------------------------------------------------------------


def segments_of(words: list[_Word], width: float, height: float) -> list[_Seg]:
    """Consecutive words on one line with no wide gap; duplicates (fake bold) and
    words outside the page dropped."""
    segs: list[_Seg] = []
    current: _Seg | None = None
    previous: _Word | None = None
    for word in words:
        if word.x1 < 0 or word.x0 > width or word.bottom < 0 or word.top > height:
            continue
        if previous is not None and word.text == previous.text and abs(word.x0 - previous.x0) < 1.0 and abs(word.top - previous.top) < 1.0:
            continue  # the same word printed twice, slightly offset, to look bold
        previous = word
        if current is not None:
            overlap = min(word.bottom, current.bottom) - max(word.top, current.top)
            gap = word.x0 - current.x1
            if overlap > 0.5 * min(word.bottom - word.top, current.height) and -0.25 * word.style.size <= gap <= WORD_GAP * word.style.size:
                current.words.append(word)
                current.x1 = max(current.x1, word.x1)
                current.top, current.bottom = min(current.top, word.top), max(current.bottom, word.bottom)
                continue
        current = _Seg([word], word.x0, word.x1, word.top, word.bottom)
        segs.append(current)
    return segs


