"""Attribution chains: how a quote or a claim reached the reader, hop by hop.

"Three sources familiar with the situation" → told the FT → UNN wrote up the
FT report: three hops, in order.  The first outlet in a chain is where the
words entered print; reports whose chains share that outlet are one
independent origin, however many outlets then repeat it.
"""

from django.db import models
from django.db.models import Q

from .outlet import Outlet
from .person import Person


class Hop(models.Model):
    """One link of an attribution chain: who passed it on, and how."""

    class How(models.TextChoices):
        SAID = "said", "said"
        TOLD = "told", "told"
        REPORTED = "reported", "reported"
        CITING = "citing", "citing"
        TRANSLATED = "translated", "translated"
        CARRIED = "carried", "carried (republished)"

    quote = models.ForeignKey(
        "Quote", on_delete=models.CASCADE, null=True, blank=True, related_name="hops"
    )
    report = models.ForeignKey(
        "ClaimReport", on_delete=models.CASCADE, null=True, blank=True, related_name="hops"
    )
    position = models.PositiveSmallIntegerField(default=0)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="hops"
    )
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="hops"
    )
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text='For an unnamed link: "three sources familiar with the situation".',
    )
    how = models.CharField(max_length=20, choices=How.choices)
    context = models.CharField(
        max_length=300, blank=True, help_text='"to reporters in Moscow", "in a post on X"'
    )
    on_record = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                name="hop_belongs_to_one_chain",
                condition=(Q(quote__isnull=False) & Q(report__isnull=True))
                | (Q(quote__isnull=True) & Q(report__isnull=False)),
                violation_error_message="A hop belongs to a quote or to a claim's report.",
            ),
            models.CheckConstraint(
                name="hop_names_one_link",
                condition=(
                    Q(person__isnull=False, outlet__isnull=True, description="")
                    | Q(person__isnull=True, outlet__isnull=False, description="")
                    | (Q(person__isnull=True, outlet__isnull=True) & ~Q(description=""))
                ),
                violation_error_message="A hop is a person, an outlet, or an unnamed source "
                "described in words: exactly one of them.",
            ),
        ]

    def __str__(self):
        return f"{self.who} {self.get_how_display()}"

    @property
    def who(self) -> str:
        if self.person_id:
            return self.person.name
        if self.outlet_id:
            return self.outlet.name
        return self.description


def origin_key(hops, printed_by_outlet_id: int) -> int:
    """The outlet where a report's words first entered print.

    That is the first outlet in its chain; a chain with no outlet in it
    (a speaker talking straight to the article's own reporter) starts at
    the article's outlet.
    """
    return next((hop.outlet_id for hop in hops if hop.outlet_id), printed_by_outlet_id)


def origin_counts(reports) -> tuple[int, int]:
    """(reports, independent origins) of `reports`, each given as (its chain,
    in order; the id of the outlet that printed it): reports whose chains
    start at the same outlet (`origin_key`) are one origin."""
    reports = list(reports)
    return len(reports), len({origin_key(hops, outlet_id) for hops, outlet_id in reports})


def describe_chain(hops) -> str:
    """The chain as one sentence a reader can follow.

    "Sergei Lavrov said it to reporters in Moscow (on the record) → The
    Telegraph reported it → Yahoo News carried it"
    """
    parts = []
    previous = None
    for hop in hops:
        if hop.how == Hop.How.CITING and previous is not None:
            text = f"{hop.who}, citing {previous.who}"
        else:
            text = f"{hop.who} {hop.how} it"
        if hop.context:
            text += f" {hop.context}"
        if hop.person_id or hop.description:
            text += " (on the record)" if hop.on_record else " (not for attribution)"
        parts.append(text)
        previous = hop
    return " → ".join(parts)
