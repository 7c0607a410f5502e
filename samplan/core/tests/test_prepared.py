"""A query compiled once (core/prepared.py) gives what its QuerySet gives, and the addresses
reversed once (core/links.py) are those reverse() gives."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix

from samplan.core.links import link
from samplan.core.prepared import PreparedQuery
from samplan.municipalities.models import Membership

pytestmark = pytest.mark.django_db

memberships_of = PreparedQuery(
    lambda user_id: (
        Membership.objects.filter(user_id=user_id)
        .select_related("organisation__municipality")
        .order_by("organisation__name", "pk")
    ),
    user_id=-1,
)


def test_a_prepared_query_gives_the_querysets_instances_with_their_related_rows(personas):
    for user in (personas.editor, personas.adviser, personas.nobody):
        expected = list(
            Membership.objects.filter(user_id=user.pk)
            .select_related("organisation__municipality")
            .order_by("organisation__name", "pk")
        )
        with CaptureQueriesContext(connection) as queries:
            found = memberships_of(user_id=user.pk)
            described = [
                (
                    m.pk,
                    m.role,
                    m.organisation.name,
                    getattr(m.organisation.municipality, "name", None),
                )
                for m in found
            ]
        assert len(queries) == 1  # the related rows came with it
        assert described == [
            (m.pk, m.role, m.organisation.name, getattr(m.organisation.municipality, "name", None))
            for m in expected
        ]
        assert [m.created_at for m in found] == [m.created_at for m in expected]
    assert memberships_of(user_id=personas.editor.pk)  # the test saw a membership at all


def test_rows_leaving_a_type_unloaded_load_as_the_query_would_have(personas):
    """A type's values left as the database's text (on PostgreSQL; SQLite loads as before) are
    loaded in a row as a plain read would have given them: the same rows and instances, the
    time zone included, in one query."""
    compiled, expected = memberships_of.rows(user_id=personas.editor.pk)
    with CaptureQueriesContext(connection) as queries:
        _compiled, rows, load = memberships_of.rows_leaving(
            ("timestamptz",), user_id=personas.editor.pk
        )
    assert len(queries) == 1 and expected
    created = compiled.column(Membership, "created_at")
    if connection.vendor == "postgresql":
        assert all(isinstance(row[created], str) for row in rows)
    assert [load(row) for row in rows] == expected
    assert [load(row)[created].tzinfo for row in rows] == [row[created].tzinfo for row in expected]
    made = compiled.make([load(row) for row in rows])
    assert [(m.pk, m.created_at, m.organisation.created_at) for m in made] == [
        (m.pk, m.created_at, m.organisation.created_at) for m in compiled.make(expected)
    ]


def test_a_prepared_querys_samples_must_be_unique_numbers_or_strings(personas):
    twice = PreparedQuery(
        lambda pk: Membership.objects.filter(pk=pk, user_id=pk), pk=personas.editor.pk
    )
    with pytest.raises(ValueError, match="found 2 times"):
        twice(pk=1)
    dated = PreparedQuery(lambda when: Membership.objects.filter(created_at__lt=when), when=1.5)
    with pytest.raises(TypeError):
        dated(when=2.5)


def test_a_link_is_the_address_reverse_gives_also_under_a_script_prefix():
    assert link("core:help") == reverse("core:help")
    assert link("municipalities:dashboard", "5033") == reverse(
        "municipalities:dashboard", args=["5033"]
    )
    try:
        set_script_prefix("/samplan/")
        assert link("core:help") == reverse("core:help") == "/samplan/hjelp/"
    finally:
        set_script_prefix("/")
    assert link("core:help") == "/hjelp/"
