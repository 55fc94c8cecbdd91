"""Blanking profile fields in small groups (services.small_groups), over random populations:
whatever the data, no combination shown is shared by fewer than the threshold, unless it
shows nothing at all, and fields go from the last one back."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from services.small_groups import Profile, generalise

values = st.sampled_from(["a", "b", "c", None])
profiles = st.tuples(values, values, values, values)
populations = st.dictionaries(profiles, st.integers(min_value=1, max_value=30), max_size=40)


@settings(max_examples=300, deadline=None)
@given(populations, st.integers(min_value=2, max_value=12))
def test_every_shown_combination_is_shared_by_enough(
    counts: dict[Profile, int], threshold: int
) -> None:
    result = generalise(counts, threshold)
    sizes: Counter[Profile] = Counter()
    for profile, n in counts.items():
        sizes[result.of(profile)] += n
    for shown, n in sizes.items():
        assert n >= threshold or all(value is None for value in shown), (shown, n)
    for profile in counts:
        shown = result.of(profile)
        # Blanked from the end: a field kept means every field before it is kept.
        kept = [
            value is not None or original is None
            for value, original in zip(shown, profile, strict=True)
        ]
        first_blanked = next((i for i, k in enumerate(kept) if not k), len(kept))
        assert all(value is None for value in shown[first_blanked:])
        assert shown[:first_blanked] == profile[:first_blanked]


def test_nothing_changes_when_every_group_is_big_enough() -> None:
    counts = {("18-24", "woman"): 12, ("40-59", "man"): 10}
    result = generalise(counts, 10)
    assert result.blanked == 0 and result.of(("18-24", "woman")) == ("18-24", "woman")


def test_a_combination_never_counted_shows_nothing() -> None:
    result = generalise({("18-24", "woman"): 12}, 10)
    assert result.of(("25-29", "man")) == (None, None)
