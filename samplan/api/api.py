"""The open JSON API (django-ninja): /api/v1/ and its OpenAPI 3.1 document (the browsable
documentation is views.docs)."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from . import endpoints, endpoints_reads, endpoints_versioned  # noqa: F401 (registers)
from .auth import ApiKey
from .machinery import RENDERER, router
from .problems import HANDLERS, PROBLEM_TYPE

DESCRIPTION = (
    "Samplans åpne API: planregisteret, rydding i planverket, frister, statistikk, "
    "planstrategier, prosessplaner, mål og tiltak og høringer, med rettighetene til brukeren "
    "som eier API-nøkkelen. Feil svares som application/problem+json. Se docs/api.md."
)


class SamplanApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """The generated document, with the errors documented as application/problem+json."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_TYPE] = content.pop("application/json")
        return schema


api = SamplanApi(
    title="Samplan API",
    version="1",
    description=DESCRIPTION,
    auth=ApiKey(),
    urls_namespace="api",
    docs_url=None,  # the documentation is a Samplan page (views.docs), not Swagger UI
    openapi_url="/openapi.json",
    renderer=RENDERER,  # the one machinery.cached_page writes with
)
for exception, handler in HANDLERS:
    api.add_exception_handler(exception, handler)
# The three modules register their operations on one router (machinery.router) when imported.
api.add_router("", router)
