"""The Korean search language (_ext/korean_search.py): what the index holds for a Korean sentence.

The browser half (the search page splitting a query the same way) is tested in test_site_browser.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))

from korean_search import SearchKorean, bigrams, split_words  # noqa: E402


def test_bigrams_of_a_hangul_run():
    assert bigrams("학습률을") == ["학습", "습률", "률을"]
    assert bigrams("학습") == ["학습"]
    assert bigrams("을") == ["을"]


def test_words_with_particles_are_found_by_their_stems():
    words = split_words("학습률을 줄이면 발산하지 않고 수렴합니다.")
    for query in ["학습", "발산", "수렴"]:
        assert query in words, query
    assert {"학습", "습률"} <= set(words)  # 학습률: the search page looks for both of its bigrams
    assert "학습률을" in words  # the whole word too, for partial matches of longer queries


def test_latin_words_split_from_korean_particles():
    words = split_words("AdamW는 momentum_buffer를 씁니다 (weight decay).")
    assert "AdamW" in words and "momentum_buffer" in words and "weight" in words and "decay" in words
    assert "는" in words and "를" in words
    assert "AdamW는" not in words


def test_stemming_is_english_for_latin_and_none_for_hangul():
    lang = SearchKorean({})
    assert lang.stem("learning") == "learn" and lang.stem("Regularization") == lang.stem("regularizations")
    assert lang.stem("학습률을") == "학습률을"
    assert lang.lang == "ko" and "splitQuery" in lang.js_splitter_code
