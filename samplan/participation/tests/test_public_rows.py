"""The public page's published submissions, made in Python (selectors._published_html): byte
for byte the template loop they replace, in nb, nn and en, answered or not."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.text import Truncator

from samplan.participation import selectors
from samplan.participation.models import Moderation, Submission, TakenIntoAccount
from samplan.participation.tests.test_public import consultation  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

# public.html's loop as it was before the rows were made in Python.
OLD_LOOP = Template(
    """{% for s in published %}
    <li class="ds-card sp-statement"><h3 class="ds-heading" data-size="2xs">{{ s }}{% if s.organisation and not s.anonymous %} – {{ s.organisation }}{% endif %}</h3>
      <p class="ds-paragraph">{{ s.excerpt }}</p>
      {% if answered and s.taken_into_account %}<p class="ds-paragraph"><span class="ds-tag" data-color="{% if s.taken_into_account == 'ja' %}success{% elif s.taken_into_account == 'delvis' %}warning{% else %}neutral{% endif %}">{{ s.get_taken_into_account_display }}</span> {{ s.assessment }}{% if s.where %} ({{ s.where }}){% endif %}</p>{% endif %}
    </li>{% endfor %}"""  # noqa: E501
)
LONG = " ".join(f"ord{n}" for n in range(80))


def test_the_rows_are_the_templates_markup(consultation):  # noqa: F811
    cases = [
        ("Kort <b>innspill</b> & mer", "", "", False, "Lag <Idrett>", "", ""),
        (LONG, "", "", True, "Skjult lag", TakenIntoAccount.YES, "§ 3"),
        ("Tekst", "Sammendrag \"sitert\" 'enkelt'", "Vurdert <i>nøye</i>", False, "", "delvis", ""),
        ("Tekst", "", "Ikke fulgt", False, "", TakenIntoAccount.NO, "Kap. <2>"),
        ("", "", "", False, "", "", ""),
    ]
    for number, (text, summary, assessment, anonymous, organisation, taken, where) in enumerate(
        cases, start=1
    ):
        Submission.objects.create(
            consultation=consultation,
            number=number,
            token_hash=f"t{number}",
            form_nonce=f"n{number}",
            source="web",
            text=text,
            summary=summary,
            assessment=assessment,
            anonymous=anonymous,
            organisation=organisation,
            taken_into_account=taken,
            where=where,
            moderation=Moderation.PUBLISHED,
        )
    Submission.objects.create(  # held: never shown
        consultation=consultation, number=9, token_hash="h", form_nonce="h", source="web"
    )
    published = list(Submission.objects.filter(moderation=Moderation.PUBLISHED).order_by("number"))
    for submission in published:
        submission.excerpt = Truncator(submission.summary or submission.text).words(60, " …")
    for language in ("nb", "nn", "en"):
        for answered in (False, True):
            with translation.override(language):
                old = OLD_LOOP.render(Context({"published": published, "answered": answered}))
                new = selectors._published_html(consultation, 1, 50, answered)
                assert (language, answered, new) == (language, answered, old)
                assert new.count("<li") == len(cases)
    assert "ds-tag" in selectors._published_html(consultation, 1, 50, True)
    assert selectors._published_html(consultation, 2, 3, False) == OLD_LOOP.render(
        Context({"published": published[1:3], "answered": False})
    )
