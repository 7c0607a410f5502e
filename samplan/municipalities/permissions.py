"""Who may do what in which municipality. Every view that shows tenant data goes through here.

Access to a municipality comes only from memberships:
- a member of the municipality's own organisation has their membership role there;
- a member of an intercommunal office has their role in each municipality the office serves;
- a member of a county municipality may at most read and comment (adviser) in the municipalities
  of the county's network — a county never edits a municipality's plans; the same holds for the
  statsforvalter (in the municipalities that invited it) and a national organisation.
Outsiders get 404, so that they cannot even learn whether a workspace exists; members whose role
is too low for an action get 403.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, ValuesView
from dataclasses import dataclass
from enum import IntEnum
from itertools import repeat
from operator import itemgetter
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from samplan.core import freshness, pickling
from samplan.core.prepared import PreparedQuery

from .models import GUIDING_KINDS, Membership, Municipality, Organisation, OrganisationKind, Role

_new_tuple = tuple.__new__  # a NamedTuple of its values, without its Python __new__


class Capability(IntEnum):
    """What a role allows, in increasing order."""

    VIEW = 1
    COMMENT = 2
    EDIT = 3
    ADMINISTER = 4


ROLE_CAPABILITY = {
    Role.READER: Capability.VIEW,
    Role.ADVISER: Capability.COMMENT,
    Role.EDITOR: Capability.EDIT,
    Role.ADMIN: Capability.ADMINISTER,
}


@dataclass(frozen=True)
class Access:
    """A user's access to one municipality, and the organisation it comes through."""

    municipality: Municipality
    capability: Capability
    via: Organisation

    def allows(self, needed: Capability) -> bool:
        return self.capability >= needed

    def template_context(self, **extra: object) -> dict:
        """What every page of a municipality's workspace needs, plus `extra`."""
        workspace = getattr(self.municipality, "workspace", None)
        return {
            "access": self,
            "municipality": self.municipality,
            "is_example": bool(getattr(workspace, "is_example", False) or self.via.is_example),
            "can_edit": self.allows(Capability.EDIT),
            **extra,
        }


def _capability_for(membership: Membership) -> Capability:
    capability = ROLE_CAPABILITY[Role(membership.role)]
    if membership.organisation.kind in GUIDING_KINDS:
        return min(capability, Capability.COMMENT)
    return capability


class Entry(NamedTuple):
    """What the header's switcher and the language choice need of one access, without the
    model instances (see AccessMap)."""

    number: str
    name: str
    capability: Capability
    via_kind: str
    own: bool  # through a membership of the municipality's own organisation


class OrganisationLink(NamedTuple):
    """One of the user's organisations, as the header lists it."""

    name: str
    url: str


class AccessMap(Mapping):
    """The user's accesses by municipality number, by name. Cached (core/freshness) in parts:
    each access and the memberships are pickled on their own, so a request unpickles only the
    accesses it looks at: a national adviser's page that asks for one municipality does not
    unpickle 357 municipalities with their counties and workspaces. Numbers, membership of a
    number and `entries` (names, capabilities) cost no unpickling."""

    def __init__(
        self,
        accesses: dict[str, Access | _Pending],
        memberships: list[Membership],
        entries: tuple[Entry, ...] | None = None,
    ) -> None:
        """`entries`: those of `accesses`, in their order, if the caller made them."""
        self._accesses: dict[str, Access | _Pending | bytes] = dict(accesses)
        self._memberships: list[Membership] | bytes = memberships
        # Pickled: the municipalities each organisation follows, by organisation (see
        # FollowedRows), kept apart from the memberships.
        self._followed: dict[int, tuple[tuple[str, ...], bytes]] = {}
        # Made as tuples (a NamedTuple's own constructor is a Python call: a national adviser's
        # 357 entries at every request with caching off).
        self.entries: tuple[Entry, ...] = entries or tuple(
            [
                _new_tuple(
                    Entry,
                    (
                        number,
                        access.name if type(access) is _Pending else access.municipality.name,
                        access.capability,
                        access.via.kind,
                        access.via.municipality_id == number,
                    ),
                )
                for number, access in accesses.items()
            ]
        )
        self.organisations: tuple[OrganisationLink, ...] = tuple(
            OrganisationLink(m.organisation.name, m.organisation.get_absolute_url())
            for m in memberships
        )

    def __getitem__(self, number: str) -> Access:
        access = self._accesses[number]
        if isinstance(access, bytes):
            access = self._accesses[number] = pickling.loads(access)
        elif isinstance(access, _Pending):
            made = access.fetched.municipalities([access.index])
            if not made:  # removed since the map was read: as if it never was
                raise KeyError(number)
            access = self._accesses[number] = Access(made[0], access.capability, access.via)
        return access

    def __contains__(self, number: object) -> bool:
        return number in self._accesses

    def __iter__(self) -> Iterator[str]:
        return iter(self._accesses)

    def __len__(self) -> int:
        return len(self._accesses)

    def values(self) -> ValuesView[Access]:
        """Every access (all unpickled or made at once, the garbage collector paused)."""
        if any(not isinstance(access, Access) for access in self._accesses.values()):
            pending = [item for item in self._accesses.values() if isinstance(item, _Pending)]
            with pickling.collector_paused():
                if pending:  # the followed municipalities read together
                    pending[0].fetched.municipalities([item.index for item in pending])
                for number in list(self._accesses):
                    try:
                        self[number]
                    except KeyError:  # removed since the map was read
                        del self._accesses[number]
        return super().values()

    def items(self) -> ItemsView[str, Access]:
        self.values()
        return super().items()

    @property
    def memberships(self) -> list[Membership]:
        """The memberships; the municipalities each organisation follows are unpickled only
        when they are looked at (their numbers, `followed_numbers`, without unpickling)."""
        if isinstance(self._memberships, bytes):
            memberships = pickling.loads(self._memberships)
            for membership in memberships:
                found = self._followed.get(membership.organisation_id)
                if found is not None:
                    organisation = membership.organisation
                    numbers, pickled = found
                    load = functools.partial(pickling.loads_many, pickled)
                    _put_followed(organisation, FollowedRows.of(organisation, numbers, load))
            self._memberships = memberships
        return self._memberships

    def __getstate__(self) -> dict[str, Any]:
        """Each access pickled on its own, its organisation without the municipalities it
        follows (those are in the memberships, pickled once)."""
        self.values()  # every access made (one query for the followed municipalities)
        return {
            "accesses": {
                number: access
                if isinstance(access, bytes)
                else pickling.dumps_instances(_light(self[number]))
                for number, access in self._accesses.items()
            },
            "memberships": (
                self._memberships
                if isinstance(self._memberships, bytes)
                else pickling.dumps_instances(_without_followed(self._memberships))
            ),
            "followed": (
                self._followed
                if isinstance(self._memberships, bytes)
                else _followed_pickled(self._memberships)
            ),
            "entries": self.entries,
            "organisations": self.organisations,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._accesses = state["accesses"]
        self._memberships = state["memberships"]
        self._followed = state["followed"]
        self.entries = state["entries"]
        self.organisations = state["organisations"]


class FollowedRows(QuerySet):
    """The municipalities an organisation follows as its prefetched `municipalities` (what
    `organisation.municipalities.all()` gives), made only when they are looked at (unpickled
    from the cached access map, or made from the rows the access map read): their numbers
    (`numbers`) cost nothing. A national organisation follows 357 municipalities, each with its
    county and workspace: the status board, whose rows are stored, needs only their numbers.
    A filter on them reads the database, as a filter on prefetched rows does."""

    numbers: tuple[str, ...] = ()
    _load: Callable[[], list[Municipality]] | None = None

    @classmethod
    def of(
        cls,
        organisation: Organisation,
        numbers: tuple[str, ...],
        load: Callable[[], list[Municipality]],
    ) -> Any:
        related = organisation.municipalities.get_queryset()  # the organisation's, not prefetched
        rows = cls(model=related.model, query=related._query, using=related._db)
        # Its filter by the organisation added when the query is first used, as Django's
        # related manager leaves it (building it cost a fifth of a national adviser's map).
        rows._deferred_filter = related._deferred_filter
        rows.numbers, rows._load, rows._prefetch_done = numbers, load, True
        return rows

    def _fetch_all(self) -> None:
        if self._result_cache is None and self._load is not None:
            self._result_cache, self._load = self._load(), None
        super()._fetch_all()

    def count(self) -> int:
        self._fetch_all()
        return super().count()

    def exists(self) -> bool:
        self._fetch_all()
        return super().exists()


def _prefetched_followed(organisation: Organisation) -> QuerySet | None:
    return getattr(organisation, "_prefetched_objects_cache", {}).get("municipalities")


def _put_followed(organisation: Organisation, rows: QuerySet) -> None:
    if not hasattr(organisation, "_prefetched_objects_cache"):
        organisation._prefetched_objects_cache = {}
    organisation._prefetched_objects_cache["municipalities"] = rows


def _without_followed(memberships: list[Membership]) -> list[Membership]:
    """Copies of `memberships` whose organisations leave out their prefetched municipalities
    (pickled apart: _followed_pickled)."""
    light = []
    for membership in memberships:
        if _prefetched_followed(membership.organisation) is not None:
            membership = copy.copy(membership)
            membership.organisation = copy.copy(membership.organisation)
            membership.organisation._prefetched_objects_cache = {}
        light.append(membership)
    return light


def _followed_pickled(
    memberships: list[Membership],
) -> dict[int, tuple[tuple[str, ...], bytes]]:
    """The municipalities each organisation of `memberships` follows (prefetched): their
    numbers, and the municipalities pickled."""
    followed = {}
    for membership in memberships:
        rows = _prefetched_followed(membership.organisation)
        if rows is not None:
            municipalities = list(rows)
            followed[membership.organisation_id] = (
                tuple(municipality.number for municipality in municipalities),
                pickling.dumps_instances(municipalities),
            )
    return followed


def followed_numbers(organisation: Organisation) -> list[str] | None:
    """The numbers of the municipalities `organisation` follows, by name, when the user's
    memberships read them (a county, national or intercommunal organisation of the user's,
    see _with_followed): without unpickling them. None when they were not read with it."""
    rows = _prefetched_followed(organisation)
    if rows is None:
        return None
    if isinstance(rows, FollowedRows) and rows._result_cache is None:
        return list(rows.numbers or ())
    return [municipality.number for municipality in rows]


def _light(access: Access) -> Access:
    """`access` with a copy of its organisation that leaves out its prefetched municipalities."""
    via = copy.copy(access.via)
    via._prefetched_objects_cache = {}
    return Access(access.municipality, access.capability, via)


_NONE = AccessMap({}, [])


def access_map(user: object) -> AccessMap:
    """Every municipality the user may see, by municipality number (cached on the user object,
    and in the process until memberships or organisations change, see core/freshness)."""
    if not getattr(user, "is_authenticated", False):
        return _NONE
    cached = getattr(user, "_samplan_access", None)
    if cached is None:
        cached = freshness.cached(
            "access_map", lambda: _access_map(user.pk), user.pk, municipality=None
        )
        user._samplan_access = cached
    return cached


def user_memberships(user: object) -> list[Membership]:
    """The user's memberships with their organisations, by organisation name."""
    if not getattr(user, "is_authenticated", False):
        return []
    return access_map(user).memberships


# Read at every request when the page cache is off: its SQL is compiled once.
_memberships_of = PreparedQuery(
    lambda user_id: (
        Membership.objects.filter(user_id=user_id)
        .select_related("organisation__municipality__county", "organisation__county")
        .order_by("organisation__name", "pk")
    ),
    user_id=-1,
)


# The municipalities the user's county, national and intercommunal organisations follow, by
# name: of each, its organisation, its number and its name only (rows of the organisations'
# many-to-many table), read only for their members, its SQL compiled once. The municipalities
# themselves, with their counties and workspaces, are read when a page looks at them
# (_Fetched): a national adviser's board needs none of the 357, a page of one municipality one.
_followed_of = PreparedQuery(
    lambda user_id: (
        Organisation.municipalities.through.objects.filter(
            organisation__memberships__user_id=user_id
        )
        .exclude(organisation__kind=OrganisationKind.MUNICIPALITY)
        .select_related("municipality")
        .only("organisation_id", "municipality__name")
        .order_by("municipality__name", "municipality_id")
    ),
    user_id=-1,
)


def _municipalities_by_number(numbers: list[str]) -> dict[str, Municipality]:
    """The municipalities `numbers` with their counties and workspaces, by number."""
    found = Municipality.objects.filter(number__in=numbers).select_related("county", "workspace")
    return {municipality.number: municipality for municipality in found}


class _Fetched:
    """The followed municipalities by their rows' places in _followed_of's rows: a municipality
    (with its county and workspace) is read when it is first looked at, those looked at
    together in one query. A national adviser's every request read 357 of them with their
    counties and workspaces (some 1.3 ms in the database, 1 ms in Python) that most pages never
    use."""

    def __init__(self, numbers: list[str]) -> None:
        self.numbers = numbers
        self.made: dict[int, Municipality] = {}

    def municipalities(self, indexes: list[int]) -> list[Municipality]:
        """The municipalities of the rows at `indexes` (read once; one removed since the
        rows were read is left out)."""
        missing = [index for index in indexes if index not in self.made]
        if missing:
            with pickling.collector_paused():
                found = _municipalities_by_number(
                    list(dict.fromkeys(self.numbers[index] for index in missing))
                )
            for index in missing:
                if (municipality := found.get(self.numbers[index])) is not None:
                    self.made[index] = municipality
        return [self.made[index] for index in indexes if index in self.made]


class _Pending(NamedTuple):
    """An access through a followed municipality whose instance is not read yet (_Fetched)."""

    fetched: _Fetched
    index: int
    name: str
    capability: Capability
    via: Organisation


class _Reached(NamedTuple):
    """The municipalities one organisation follows, as read: their numbers, names and their
    rows' places in the _Fetched (columns, by name)."""

    numbers: tuple[str, ...]
    names: tuple[str, ...]
    indexes: tuple[int, ...]


def _with_followed(
    user_id: int, memberships: list[Membership]
) -> tuple[_Fetched | None, dict[int, _Reached]]:
    """The municipalities each of the user's non-municipality organisations follows, put in the
    organisation's prefetch cache (as prefetch_related would: `organisation.municipalities`
    gives them, read in one query when first looked at; their numbers without one; a filter on
    it is still the organisation's). Returns the rows read and each organisation's
    municipalities in them."""
    guiding = [
        m.organisation for m in memberships if m.organisation.kind != OrganisationKind.MUNICIPALITY
    ]
    if not guiding:
        return None, {}
    compiled, rows = _followed_of.rows(user_id=user_id)
    organisations = list(map(itemgetter(compiled.column(compiled.model, "organisation_id")), rows))
    numbers = list(map(itemgetter(compiled.column(compiled.model, "municipality_id")), rows))
    names = list(map(itemgetter(compiled.column(Municipality, "name")), rows))
    fetched = _Fetched(numbers)
    found: dict[int, _Reached] = {}
    for organisation in guiding:
        if organisation.pk in found:
            continue
        if len(guiding) == 1:  # every row is the organisation's
            indexes: tuple[int, ...] = tuple(range(len(rows)))
            found[organisation.pk] = _Reached(tuple(numbers), tuple(names), indexes)
        else:
            pk = organisation.pk
            indexes = tuple(index for index, of in enumerate(organisations) if of == pk)
            found[pk] = _Reached(
                tuple(numbers[index] for index in indexes),
                tuple(names[index] for index in indexes),
                indexes,
            )
        load = functools.partial(fetched.municipalities, list(indexes))
        _put_followed(
            organisation, FollowedRows.of(organisation, found[organisation.pk].numbers, load)
        )
    return fetched, found


def _access_map(user_id: int) -> AccessMap:
    """The user's accesses, by name: a membership of a municipality's own organisation gives
    its role there, a guiding organisation's (county, national, intercommunal) its capped role
    in every municipality it follows; where two give access, the higher (the first of equals).
    The followed municipalities' accesses and entries are made column by column (a national
    adviser's 357 at every request with caching off): no Python call per municipality."""
    result: dict[str, Access | _Pending] = {}
    entries: dict[str, Entry] = {}
    names: dict[str, str] = {}
    memberships = _memberships_of(user_id=user_id)
    # The municipalities a county organisation follows: a second query only for its members.
    fetched, followed = _with_followed(user_id, memberships)
    for membership in memberships:
        organisation = membership.organisation
        capability = _capability_for(membership)
        if organisation.kind == OrganisationKind.MUNICIPALITY:
            own = organisation.municipality
            reached = _Reached((own.number,), (own.name,), ())
            made: Iterable[Access | _Pending] = [Access(own, capability, organisation)]
        else:
            reached = followed[organisation.pk]
            # as _Pending(...)s, without its Python constructor
            made = map(
                _new_tuple,
                repeat(_Pending),
                zip(
                    repeat(fetched),
                    reached.indexes,
                    reached.names,
                    repeat(capability),
                    repeat(organisation),
                ),
            )
        kept = {  # those another membership gives as much or more (usually none)
            number: (result[number], entries[number])
            for number in reached.numbers
            if number in result and result[number].capability >= capability
        }
        result.update(zip(reached.numbers, made, strict=True))
        owned = organisation.municipality_id
        entries.update(
            zip(
                reached.numbers,
                map(
                    _new_tuple,
                    repeat(Entry),
                    zip(
                        reached.numbers,
                        reached.names,
                        repeat(capability),
                        repeat(organisation.kind),
                        map(owned.__eq__, reached.numbers) if owned else repeat(False),
                    ),
                ),
                strict=False,  # the inner zip ends with the numbers
            )
        )
        for number, (access, entry) in kept.items():  # put back
            result[number], entries[number] = access, entry
        names.update(zip(reached.numbers, reached.names, strict=True))
    order = sorted(result, key=names.__getitem__)
    accesses = {number: result[number] for number in order}
    memberships.sort(key=lambda membership: membership.organisation.name)
    return AccessMap(accesses, memberships, tuple(map(entries.__getitem__, order)))


def get_municipality_for_user(
    request: HttpRequest, number: str, needed: Capability = Capability.VIEW
) -> Access:
    """The user's access to municipality `number`: 404 for outsiders, 403 if the role is too low."""
    access = access_map(request.user).get(number)
    if access is None:
        raise Http404("No such municipality workspace for this user")
    if not access.allows(needed):
        raise PermissionDenied("Role does not allow this")
    return access


def get_organisation_for_user(
    request: HttpRequest, slug: str, needed_role: Role | None = None
) -> tuple[Organisation, Membership]:
    """An organisation the user is a member of: 404 for non-members, 403 if not the needed role.
    From the user's memberships in the page cache; copies, so a view may change them."""
    membership = next(
        (item for item in user_memberships(request.user) if item.organisation.slug == slug), None
    )
    if membership is None:
        raise Http404("No such organisation for this user")
    if needed_role is not None and membership.role != needed_role:
        raise PermissionDenied("Role does not allow this")
    membership = copy.copy(membership)
    membership.organisation = organisation = copy.copy(membership.organisation)
    if hasattr(organisation, "_prefetched_objects_cache"):
        organisation._prefetched_objects_cache = dict(organisation._prefetched_objects_cache)
    return organisation, membership
