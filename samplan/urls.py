"""URL map. User-facing addresses are Norwegian; each app owns its namespace."""

from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language

from samplan.api.api import api
from samplan.core import views as core_views
from samplan.core.ratelimit import rate_limit
from samplan.sso import views as sso_views

urlpatterns = [
    path("", include("samplan.site.urls")),
    path("", include("samplan.core.urls")),
    # The login page (accounts:login) with single sign-on beside the password: the sso app's
    # view answers the address, since accounts knows nothing of the apps above it.
    path("logg-inn/", rate_limit("login")(sso_views.LoginView.as_view()), name="login_with_sso"),
    path("", include("samplan.accounts.urls")),
    path("", include("samplan.sso.urls")),
    path("", include("samplan.municipalities.urls")),
    path("", include("samplan.plans.urls")),
    path("", include("samplan.strategy.urls")),
    path("", include("samplan.participation.urls")),
    path("", include("samplan.stats.urls")),
    path("", include("samplan.plantakt.urls")),
    path("", include("samplan.politics.urls")),
    path("", include("samplan.processes.urls")),
    path("", include("samplan.goals.urls")),
    path("", include("samplan.guidance.urls")),
    path("", include("samplan.api.urls")),
    path("api/v1/", api.urls),
    path("", include("samplan.archive.urls")),
    path("", include("samplan.feeds.urls")),
    path("sprak/", set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
]

if settings.BENCH_HELLO:
    urlpatterns.append(path("bench/hello", core_views.hello))

handler403 = "samplan.core.views.error_403"
handler404 = "samplan.core.views.error_404"
handler500 = "samplan.core.views.error_500"
