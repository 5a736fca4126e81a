"""URL map: /login, /collector/… (account), /u/<token>/… (a unit's link), /api/validate, /static/…."""

from pathlib import Path

from django.urls import path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from workbook_tools.portal import views_collector as c
from workbook_tools.portal import views_office as o

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="batches"), name="home"),
    path("login/", c.login_view, name="login"),
    path("logout/", c.logout_view, name="logout"),
    path("collector/", c.batches, name="batches"),
    path("collector/batch/<int:pk>/", c.board, name="board"),
    path("collector/batch/<int:pk>/table/", c.board_table, name="board_table"),
    path("collector/batch/<int:pk>/download/<str:kind>/", c.batch_download, name="batch_download"),
    path("collector/unit/<int:pk>/", c.unit_detail, name="unit"),
    path("collector/unit/<int:pk>/<str:action>/", c.unit_action, name="unit_action"),
    path("collector/file/<int:pk>/<str:kind>/", c.upload_file, name="collector_file"),
    path("u/<str:token>/", o.office, name="office"),
    path("u/<str:token>/template/", o.template, name="office_template"),
    path("u/<str:token>/template.xlsm", o.template_xlsm, name="office_template_xlsm"),
    path("u/<str:token>/upload/", o.upload, name="office_upload"),
    path("u/<str:token>/submit/", o.submit, name="office_submit"),
    path("u/<str:token>/v/<int:pk>/", o.version, name="office_version"),
    path("u/<str:token>/v/<int:pk>/<str:kind>/", o.version_file, name="office_file"),
    path("api/validate", o.api_validate, name="api_validate"),
    # The vendored htmx and our stylesheet; a handful of small files, so Django serves them itself.
    re_path(
        r"^static/(?P<path>portal/[\w.-]+)$",
        serve,
        {"document_root": Path(__file__).resolve().parent / "static"},
    ),
]
