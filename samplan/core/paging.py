"""What the shared pager (`templates/includes/pager.html`) shows of a Django `Page`."""

from __future__ import annotations

from django.core.paginator import Page


def page_numbers(page: Page | None) -> list[int | None]:
    """The pager's page numbers, None for the gaps (Django's elided range: the first two, the
    last two and two either side of this page); none when not paged."""
    if page is None:
        return []
    return [
        number if isinstance(number, int) else None
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2)
    ]
