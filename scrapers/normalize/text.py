"""HTML to clean plain text, keeping list and paragraph structure.

Handles HTML that arrives entity-escaped (Greenhouse's ``content``), drops scripts and
styles, decodes entities, and repairs double-encoded UTF-8 ("CafÃ©") with ftfy.
"""

from __future__ import annotations

import html
import re

import ftfy
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

DROP = "script, style, noscript, template, svg, head, iframe, img"
BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "blockquote",
        "pre",
        "table",
        "tr",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "form",
        "fieldset",
        "address",
        "figure",
        "figcaption",
        "nav",
    }
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_BLANKS = re.compile(r"\n{3,}")
# Lead bytes of UTF-8 read as Latin-1/cp1252: a cheap gate before the costlier ftfy pass.
_MOJIBAKE = re.compile("[ÃÂâÐÑ][\u0080-\u00bf\u2018-\u203a€]")


def _walk(node: Node, out: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.append(child.text_content or "")
        elif tag == "br":
            out.append("\n")
        elif tag == "li":
            out.append("\n- ")
            _walk(child, out)
        elif tag in BLOCK:
            out.append("\n")
            _walk(child, out)
            out.append("\n")
        elif tag in ("td", "th"):
            _walk(child, out)
            out.append(" ")
        else:
            _walk(child, out)


def fix_text(text: str) -> str:
    """Repair double-encoded text; leave clean text untouched."""
    if _MOJIBAKE.search(text):
        return ftfy.fix_text(text, unescape_html=False)
    return text


def tidy(text: str) -> str:
    """Collapse runs of spaces per line and of blank lines; strip the ends."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(raw: str | None) -> str:
    """Plain text of an HTML fragment (or of plain text, which passes through tidied)."""
    if not raw:
        return ""
    if "<" not in raw and "&lt;" in raw:
        raw = html.unescape(raw)  # HTML that was itself entity-escaped
    if "<" not in raw:
        return tidy(fix_text(html.unescape(raw)))
    tree = HTMLParser(raw)
    for node in tree.css(DROP):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    out: list[str] = []
    _walk(root, out)
    return tidy(fix_text("".join(out)))
