"""A card's two-sentence opening of a real abstract."""

from __future__ import annotations

from paperwire.lib.excerpts import card_opening, first_sentences

# Openings of real abstracts from the Hugging Face daily lists (arXiv 2405.18870, 2406.18522, 2407.00320).
THEORY_OF_MIND = (
    "This paper examines the extent to which large language models (LLMs) have developed higher-order theory\n"
    "of mind (ToM); the human ability to reason about multiple mental and emotional states in a recursive\n"
    "manner (e.g. I think that you believe that she knows). This paper builds on prior work by introducing a\n"
    "handwritten test suite -- Multi-Order Theory of Mind Q&A -- and using it to compare the performance of\n"
    "five LLMs to a newly gathered adult human benchmark. We find that GPT-4 and Flan-PaLM reach adult-level."
)
CHRONOMAGIC = (
    "We propose a novel text-to-video (T2V) generation benchmark, ChronoMagic-Bench, to evaluate the temporal "
    "and metamorphic capabilities of the T2V models (e.g. Sora and Lumiere) in time-lapse video generation. "
    "In contrast to existing benchmarks that focus on the visual quality and textual relevance of generated "
    "videos, ChronoMagic-Bench focuses on the model's ability to generate time-lapse videos. Third sentence."
)
TREE_SEARCH = (
    "Recent research suggests that tree search algorithms (e.g. Monte Carlo Tree Search) can dramatically "
    "boost LLM performance on complex mathematical reasoning tasks. However, they often require more than 10 "
    "times the computational resources of greedy decoding. This study introduces a novel guided tree search."
)


def test_it_keeps_e_g_inside_the_first_sentence() -> None:
    opening = first_sentences(TREE_SEARCH)
    assert opening.startswith("Recent research suggests that tree search algorithms (e.g. Monte Carlo Tree Search)")
    assert opening.endswith("computational resources of greedy decoding.")
    assert "This study" not in opening


def test_it_collapses_line_breaks_and_stops_after_two_sentences() -> None:
    opening = first_sentences(THEORY_OF_MIND)
    assert "\n" not in opening
    assert "(e.g. I think that you believe that she knows)." in opening
    assert opening.endswith("adult human benchmark.")
    assert "GPT-4" not in opening


def test_it_reads_et_al_and_figure_references_as_part_of_a_sentence() -> None:
    text = "Smith et al. showed that scaling helps (Fig. 2). We revisit this claim. We find otherwise."
    assert first_sentences(text) == "Smith et al. showed that scaling helps (Fig. 2). We revisit this claim."


def test_it_does_not_split_on_decimals_or_initials() -> None:
    text = "Our model reaches 95.3 accuracy on the benchmark of J. Doe and co-workers. It is small. It is fast."
    assert (
        first_sentences(text)
        == "Our model reaches 95.3 accuracy on the benchmark of J. Doe and co-workers. It is small."
    )


def test_it_returns_a_short_abstract_whole() -> None:
    assert first_sentences(CHRONOMAGIC, count=5) == " ".join(CHRONOMAGIC.split())
    assert first_sentences("") == ""
    assert first_sentences("No full stop at all") == "No full stop at all"


def test_a_card_opens_with_the_summary_else_the_abstracts_first_two_sentences() -> None:
    abstract = "We draft tokens. A large model verifies them. It is twice as fast."
    assert card_opening("  A short AI summary.  ", abstract) == "A short AI summary."
    assert card_opening("", abstract) == "We draft tokens. A large model verifies them."
