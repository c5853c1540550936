from django.urls import path

from claims.views import (
    articles,
    bulk,
    claim_links,
    claim_pages,
    dashboard,
    exports,
    revisions,
    saved_views,
    similar,
    sources,
)

app_name = "claims"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/new/", articles.article_new, name="article_new"),
    path("articles/new/paste/", articles.article_paste, name="article_paste"),
    path("articles/new/upload/", articles.article_upload, name="article_upload"),
    path("articles/new/url/", articles.article_fetch_new, name="article_fetch_new"),
    path("articles/fetches/<int:fetch_id>/", articles.article_fetch, name="article_fetch"),
    path("articles/<int:article_id>/", articles.article_detail, name="article_detail"),
    path("articles/<int:article_id>/claims/", articles.claim_capture, name="claim_capture"),
    path(
        "articles/<int:article_id>/check-for-updates/",
        revisions.article_refetch,
        name="article_refetch",
    ),
    path(
        "articles/<int:article_id>/revisions/",
        revisions.article_revision_new,
        name="article_revision_new",
    ),
    path(
        "articles/<int:article_id>/revisions/compare/",
        revisions.article_revision_diff,
        name="article_revision_diff",
    ),
    path(
        "articles/<int:article_id>/suggestions/preview/",
        articles.suggestions_preview,
        name="suggestions_preview",
    ),
    path(
        "articles/<int:article_id>/suggestions/accept/",
        articles.suggestions_accept_selected,
        name="suggestions_accept_selected",
    ),
    path(
        "articles/<int:article_id>/suggestions/<str:decision>/",
        articles.suggestions_decide_all,
        name="suggestions_decide_all",
    ),
    path(
        "suggestions/<int:suggestion_id>/reject/",
        articles.suggestion_reject,
        name="suggestion_reject",
    ),
    path("claims/", claim_pages.claim_list, name="claim_list"),
    path("claims/bulk/", bulk.claim_bulk, name="claim_bulk"),
    path("claims/views/", saved_views.saved_view_new, name="saved_view_new"),
    path(
        "claims/views/<int:saved_view_id>/delete/",
        saved_views.saved_view_delete_view,
        name="saved_view_delete",
    ),
    path("claims/<int:claim_id>/", claim_pages.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/assign-to-me/", bulk.claim_assign_me, name="claim_assign_me"),
    path("claims/<int:claim_id>/edit/", claim_pages.claim_edit, name="claim_edit"),
    path(
        "claims/<int:claim_id>/anchor-checked/",
        revisions.claim_anchor_checked,
        name="claim_anchor_checked",
    ),
    path("claims/<int:claim_id>/move/", claim_pages.claim_transition, name="claim_transition"),
    path("claims/<int:claim_id>/verdict/", claim_pages.claim_rate, name="claim_rate"),
    path(
        "claims/<int:claim_id>/attributions/", claim_pages.attribution_add, name="attribution_add"
    ),
    path(
        "attributions/<int:attribution_id>/",
        claim_pages.attribution_change,
        name="attribution_change",
    ),
    path(
        "attributions/<int:attribution_id>/remove/",
        claim_pages.attribution_remove,
        name="attribution_remove",
    ),
    path("claims/<int:claim_id>/links/", claim_links.claim_link_add, name="claim_link_add"),
    path(
        "claims/<int:claim_id>/links/<int:link_id>/remove/",
        claim_links.claim_link_remove,
        name="claim_link_remove",
    ),
    path("claims/similar/", similar.claims_similar, name="claims_similar"),
    path("claims/<int:claim_id>/evidence/", claim_pages.evidence_add, name="evidence_add"),
    path("evidence/<int:evidence_id>/file/", claim_pages.evidence_file, name="evidence_file"),
    path("claims/export.<str:fmt>", exports.claim_export, name="claim_export"),
    path("exports/", exports.export_job_new, name="export_job_new"),
    path("exports/<int:job_id>/", exports.export_job, name="export_job"),
    path("exports/<int:job_id>/retry/", exports.export_job_retry_view, name="export_job_retry"),
    path("exports/<int:job_id>/download/", exports.export_job_download, name="export_job_download"),
    path("articles/<int:article_id>/report/", exports.article_report_page, name="article_report"),
    path(
        "articles/<int:article_id>/report.pdf",
        exports.article_report_page,
        {"pdf": True},
        name="article_report_pdf",
    ),
    path("reports/desk/", exports.desk_report_page, name="desk_report"),
    path("reports/desk.pdf", exports.desk_report_page, {"pdf": True}, name="desk_report_pdf"),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/options/", sources.source_autocomplete, name="source_autocomplete"),
    path("sources/<int:source_id>/", sources.source_detail, name="source_detail"),
    path("sources/<int:source_id>/edit/", sources.source_edit, name="source_edit"),
    path("sources/<int:source_id>/merge/", sources.source_merge, name="source_merge"),
]
