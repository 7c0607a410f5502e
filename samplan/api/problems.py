"""Errors of the API as application/problem+json (RFC 9457) with Norwegian text.

Every error has the same shape: {"type", "title", "status", "detail", "errors"}; `type` is a
stable URN (`urn:samplan:problem:<key>`) a program can branch on, `title` and `detail` are in
the user's language (Bokmål or Nynorsk), and `errors` lists what was wrong with which field."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from samplan.core.freeze import Frozen

PROBLEM_TYPE = "application/problem+json"


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError]


class ApiProblem(Exception):
    """An error an endpoint raises: answered as a problem with this status and text."""

    def __init__(
        self,
        status: int,
        key: str,
        title: str,
        detail: str = "",
        errors: Iterable[tuple[str, str]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title)
        self.status = status
        self.key = key
        self.title = title
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}


def problem_response(problem: ApiProblem) -> HttpResponse:
    body = {
        "type": f"urn:samplan:problem:{problem.key}",
        "title": str(problem.title),
        "status": problem.status,
        "detail": str(problem.detail or problem.title),
        "errors": [{"field": field, "message": str(message)} for field, message in problem.errors],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=problem.status,
        content_type=f"{PROBLEM_TYPE}; charset=utf-8",
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


# The most items one page may hold; a larger `limit` is refused with 400.
MAX_LIMIT = 100
PAGE_PARAMETERS = ("limit", "offset")


def page_problem(limit: int, offset: int) -> ApiProblem | None:
    """What is wrong with a page: a `limit` outside 1–100 or a negative `offset` (400)."""
    if not 1 <= limit <= MAX_LIMIT:
        return ApiProblem(
            400,
            "page-size",
            _("The page is too large"),
            _("limit must be between 1 and %(max)s.") % {"max": MAX_LIMIT},
            [("limit", _("At most %(max)s per page.") % {"max": MAX_LIMIT})],
        )
    if offset < 0:
        return ApiProblem(
            400,
            "page-offset",
            _("The page does not exist"),
            _("offset cannot be negative."),
            [("offset", _("Must be 0 or more."))],
        )
    return None


# Pydantic's error types, in Norwegian (msgids in English); anything else: "Invalid value."
PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "extra_forbidden": gettext_lazy("Unknown field: the API does not have this field."),
    "string_type": gettext_lazy("Must be text."),
    "int_type": gettext_lazy("Must be a whole number."),
    "int_parsing": gettext_lazy("Must be a whole number."),
    "int_from_float": gettext_lazy("Must be a whole number."),
    "bool_type": gettext_lazy("Must be true or false."),
    "bool_parsing": gettext_lazy("Must be true or false."),
    "list_type": gettext_lazy("Must be a list."),
    "date_type": gettext_lazy("Must be a date (YYYY-MM-DD)."),
    "date_parsing": gettext_lazy("Must be a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_lazy("Must be a date (YYYY-MM-DD)."),
    "datetime_type": gettext_lazy("Must be a time (ISO 8601)."),
    "datetime_parsing": gettext_lazy("Must be a time (ISO 8601)."),
    "datetime_from_date_parsing": gettext_lazy("Must be a time (ISO 8601)."),
    "enum": gettext_lazy("Not one of the allowed values."),
    "literal_error": gettext_lazy("Not one of the allowed values."),
    "string_too_long": gettext_lazy("The text is too long."),
    "greater_than_equal": gettext_lazy("The number is too small."),
    "less_than_equal": gettext_lazy("The number is too large."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "model_attributes_type": gettext_lazy("Must be a JSON object."),
    "dict_type": gettext_lazy("Must be a JSON object."),
}


def _field_name(location: Iterable[object]) -> str:
    """("body", "payload", "title") → "title"; ("query", "limit") → "limit"."""
    parts = [str(part) for part in location if part not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    for error in exc.errors:
        location = tuple(error.get("loc", ()))
        limit = _as_int(request.GET.get("limit", "1"))
        offset = _as_int(request.GET.get("offset", "0"))
        if location[-1:] and location[-1] in PAGE_PARAMETERS and None not in (limit, offset):
            # A page out of bounds (a huge page) is 400, as the API's page rules say.
            problem = page_problem(limit, offset)
            if problem is not None:
                return problem_response(problem)
    errors = [
        (_field_name(error.get("loc", ())), PYDANTIC_MESSAGES.get(error.get("type", "")))
        for error in exc.errors
    ]
    return problem_response(
        ApiProblem(
            422,
            "invalid",
            _("The request has invalid values"),
            _("Nothing was saved. Correct the fields listed and send it again."),
            [(field, message or _("Invalid value.")) for field, message in errors],
        )
    )


def _as_int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    return problem_response(
        ApiProblem(
            422,
            "invalid",
            _("The request has invalid values"),
            _("Nothing was saved. Correct the fields listed and send it again."),
            [
                (field if field != "__all__" else "", message)
                for field, texts in messages.items()
                for message in texts
            ],
        )
    )


def on_frozen(request: HttpRequest, exc: Frozen) -> HttpResponse:
    return problem_response(
        ApiProblem(409, "frozen", _("Decided, so it cannot be changed"), " ".join(exc.messages))
    )


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(
        ApiProblem(404, "not-found", _("Not found"), _("There is nothing here you have access to."))
    )


def on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(
        ApiProblem(403, "forbidden", _("Not allowed"), _("Your role does not allow this."))
    )


def on_authentication_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(
        ApiProblem(
            401,
            "unauthorized",
            _("API key missing or not valid"),
            _("Send a valid API key as “Authorization: Bearer <key>”. Make one in your profile."),
            headers={"WWW-Authenticate": 'Bearer realm="samplan"'},
        )
    )


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return on_authentication_error(request, exc)
    if exc.status_code == 400:  # django-ninja could not read the body
        return problem_response(
            ApiProblem(400, "unreadable", _("Bad request"), _("The body is not valid JSON."))
        )
    return problem_response(ApiProblem(exc.status_code, "http", _("Bad request"), str(exc)))


def on_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(exc)


HANDLERS = (
    (Frozen, on_frozen),
    (ValidationError, on_validation_error),
    (DjangoValidationError, on_django_validation_error),
    (Http404, on_not_found),
    (PermissionDenied, on_permission_denied),
    (AuthenticationError, on_authentication_error),
    (HttpError, on_http_error),
    (ApiProblem, on_problem),
)
