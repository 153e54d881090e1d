"""Korean full-text search for the built site: Hangul syllable bigrams.

Sphinx has no Korean word splitter. It falls back to English, which keeps a Korean word together with its particles
(학습률을, 발산합니다), so a query for 학습 or 발산 finds nothing. Korean search engines meet this with n-grams: this
search language indexes every run of Hangul syllables both whole and as its overlapping two-syllable pieces
(학습률을 → 학습률을, 학습, 습률, 률을), and the search page splits a query the same way (학습률 → 학습, 습률; a page
must contain every piece). Latin words are split and stemmed exactly as Sphinx's English search does, so English
queries (momentum, dropout) behave as before. Nothing is fetched: the index stays the one `searchindex.js`.
"""

from __future__ import annotations

import re

from sphinx.search.en import SearchEnglish

HANGUL = "\uac00-\ud7a3"  # the 11,172 precomposed syllables 가..힣
_TOKEN = re.compile(rf"[{HANGUL}]+|[^\W{HANGUL}]+")
_HANGUL_RUN = re.compile(rf"^[{HANGUL}]+$")


def bigrams(run: str) -> list[str]:
    """Overlapping two-syllable pieces of a Hangul run; a one-syllable run is its own piece."""
    if len(run) < 2:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def split_words(text: str) -> list[str]:
    """Index terms of a text: Latin/digit words as they are; Hangul runs whole and as bigrams."""
    words: list[str] = []
    for token in _TOKEN.findall(text):
        if _HANGUL_RUN.match(token):
            words.append(token)
            if len(token) > 2:
                words.extend(bigrams(token))
        else:
            words.append(token)
    return words


# The query side, in the browser: the same tokens, with a Hangul run replaced by its bigrams (a page must hold all).
JS_SPLITTER = r"""
function splitQuery(query) {
  const tokens = query.match(/[\uac00-\ud7a3]+|(?:(?![\uac00-\ud7a3])[\p{L}\p{M}\p{N}_])+/gu) || [];
  const terms = [];
  for (const token of tokens) {
    if (/^[\uac00-\ud7a3]+$/.test(token) && token.length > 1) {
      for (let i = 0; i + 2 <= token.length; i++) terms.push(token.slice(i, i + 2));
    } else {
      terms.push(token);
    }
  }
  return terms;
}
"""


class SearchKorean(SearchEnglish):
    lang = "ko"
    language_name = "Korean"
    js_splitter_code = JS_SPLITTER

    def split(self, input: str) -> list[str]:
        return split_words(input)

    def stem(self, word: str) -> str:
        if _HANGUL_RUN.match(word):
            return word  # no stemming for Hangul: the bigrams do the work
        return super().stem(word)


def setup(app):
    app.add_search_language(SearchKorean)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
