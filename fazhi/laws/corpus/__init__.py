"""Pure-Python reading of the law corpus (data/laws): parser, cases and citation resolver.

No Django imports here: the package is shared by the import command, benchmarks and
the retrieval code.
"""

from .models import Article, HistoryEvent, Item, Paragraph, ParsedDocument, ParseWarning, StructureNode
from .parser import iter_corpus, parse_file

__all__ = [
    "Article",
    "HistoryEvent",
    "Item",
    "Paragraph",
    "ParseWarning",
    "ParsedDocument",
    "StructureNode",
    "iter_corpus",
    "parse_file",
]
