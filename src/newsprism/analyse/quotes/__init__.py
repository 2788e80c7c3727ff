"""Quotes and reported speech: who said what, with the speaker resolved to an entity.

`step` (the `ExtractQuotes` step) runs the rules of `direct` (quoted words with an attribution)
and `indirect` (reported speech: «заявил, что…», «по словам X, …», «…, сообщает X») over a doc's
tokens as `words` sees them, with the word lists of `lexicon`; `speakers` finds who speaks and the
entity the speaker names.
"""

from newsprism.analyse.quotes.direct import pair_marks
from newsprism.analyse.quotes.step import ExtractQuotes, QuoteSettings

__all__ = ["ExtractQuotes", "QuoteSettings", "pair_marks"]
