"""The Admiralty (NATO) grading system that editors use.

Reliability grades who says it (an outlet, or one article); credibility grades
what is said (a quote).  The two scales are deliberately independent: a
usually reliable outlet can print an improbable claim.
"""

from django.db import models


class Scale:
    """A scale whose labels read "<grade> — <meaning>"."""

    @property
    def meaning(self) -> str:
        return self.label.split(" — ", 1)[1]


class Reliability(Scale, models.TextChoices):
    A = "A", "A — Completely reliable"
    B = "B", "B — Usually reliable"
    C = "C", "C — Fairly reliable"
    D = "D", "D — Not usually reliable"
    E = "E", "E — Unreliable"
    F = "F", "F — Reliability cannot be judged"


class Credibility(Scale, models.IntegerChoices):
    CONFIRMED = 1, "1 — Confirmed by other sources"
    PROBABLE = 2, "2 — Probably true"
    POSSIBLE = 3, "3 — Possibly true"
    DOUBTFUL = 4, "4 — Doubtful"
    IMPROBABLE = 5, "5 — Improbable"
    CANNOT_JUDGE = 6, "6 — Truth cannot be judged"
