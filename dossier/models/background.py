from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

from dossier.provenance import background_problem


class BackgroundReference(models.Model):
    """Where a fact the dossier's articles do not state comes from.

    A role, a date of office or a biography line known from outside the five
    articles is kept only with a reference an editor checked (an official
    biography, an encyclopaedia entry); readers see it as
    "Background: <title>", linked.
    """

    background_title = models.CharField(
        max_length=200,
        blank=True,
        help_text='The title of the reference: "Jonathan Powell (diplomat) — Wikipedia".',
    )
    background_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="The reference for what this entry says that the dossier's articles do not "
        "(a role, dates, a biography): an official biography or an encyclopaedia entry.",
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        problem = background_problem(self.background_url, self.background_title)
        if problem:
            raise ValidationError(capfirst(problem) + ".")
