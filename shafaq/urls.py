from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

# Site-wide URLs that belong to no edition: admin, API, sitemaps, robots, health.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("shafaq.api_urls")),
]

# Reader-facing pages live under the edition prefix (/en/, /ar/, /ckb/); "/" is
# redirected to an edition by LocaleMiddleware.
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("", include("sources.urls")),
    path("", include("events.urls")),
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
