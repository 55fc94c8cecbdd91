"""Small groups in row-by-row exports: a combination of profile fields (age band, gender,
region, role, where they joined) shared by fewer people than the threshold would point to
them, so fields are blanked on those rows until every combination left is shared by enough.

The fields given last are blanked first: where someone joined and their role say least for
an assessment, gender and age band most. This is local suppression as statistical
disclosure control uses it on microdata (k-anonymity over these fields); it does not cover
what the answers themselves reveal, nor the days a response was started and finished.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

Profile = tuple[str | None, ...]


@dataclass(frozen=True)
class Generalised:
    # Every combination counted -> what its rows show (some fields blanked, or as it was).
    shown: dict[Profile, Profile]
    # How many single fields were blanked in all (rows × fields), for the export's metadata.
    blanked: int

    def of(self, profile: Profile) -> Profile:
        """What to show for a row; a combination not counted (a response that finished
        after the count) shows nothing rather than risk being unique."""
        return self.shown.get(profile) or (None,) * len(profile)


def generalise(counts: Mapping[Profile, int], threshold: int) -> Generalised:
    """Blank fields, from the last one back, on the rows of every combination shared by
    fewer than `threshold` rows, until none is (or everything is blank)."""
    shown = {profile: profile for profile in counts}
    width = len(next(iter(counts), ()))
    for blank_from in range(width - 1, -1, -1):
        sizes: Counter[Profile] = Counter()
        for profile, n in counts.items():
            sizes[shown[profile]] += n
        small = [p for p in counts if 0 < sizes[shown[p]] < threshold]
        if not small:
            break
        for profile in small:
            shown[profile] = (*shown[profile][:blank_from], *(None,) * (width - blank_from))
    blanked = sum(
        n
        * sum(
            1
            for before, after in zip(profile, shown[profile], strict=True)
            if before is not None and after is None
        )
        for profile, n in counts.items()
    )
    return Generalised(shown, blanked)
