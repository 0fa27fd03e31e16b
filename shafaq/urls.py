from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from readers.urls import edition_urlpatterns
from shafaq import views

# Three audiences: editors (the admin), partners (the API), readers (the site).
urlpatterns = [
    # Before the admin's own URLs, which would otherwise answer for /admin/2fa/.
    path("admin/2fa/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("partners.urls")),
    path("", include("readers.urls")),  # site-wide sitemaps
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
]

# Reader-facing pages live under the edition prefix (/en/, /ar/, /ckb/); "/" is
# redirected to an edition by LocaleMiddleware.
urlpatterns += i18n_patterns(*edition_urlpatterns)

# Errors under /api/ answer JSON, whatever raised them; pages keep their templates.
handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
