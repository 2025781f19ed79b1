"""Linear block parsing for long pages: Python-Markdown keeps a page's blocks in a list and takes each one
from its front (``blocks.pop(0)``), which moves every block after it: a 50,000-question booklet (about
160,000 blocks) spent a third of its conversion there. This extension hands the block processors a
double-ended queue with the same interface (``blocks[0]``, ``pop(0)``, ``insert(0, …)``), so taking a
block costs the same however long the page is. The tree built is the same.
"""

from __future__ import annotations

import types
import xml.etree.ElementTree as etree
from collections import deque

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.extensions import Extension


class Blocks(deque):
    """The blocks still to parse; ``pop(0)`` takes the first one in constant time, as ``popleft`` does."""

    def pop(self, index: int = -1) -> str:  # type: ignore[override]
        if index == 0:
            return self.popleft()
        if index == -1:
            return super().pop()
        if index < 0:
            index += len(self)
        self.rotate(-index)
        try:
            return self.popleft()
        finally:
            self.rotate(index)


def _parse_chunk(parser: BlockParser, parent: etree.Element, text: str) -> None:
    """BlockParser.parseChunk, with the blocks in a :class:`Blocks` queue instead of a list."""
    parser.parseBlocks(parent, Blocks(text.split("\n\n")))  # type: ignore[arg-type]


class BlockQueue(Extension):
    """Gives each converting Markdown's block parser a queue of blocks (see the module's docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.parser.parseChunk = types.MethodType(_parse_chunk, md.parser)  # type: ignore[method-assign]
