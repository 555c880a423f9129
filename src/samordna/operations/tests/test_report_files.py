"""A report file prepared in the background: asked for on the report page, built by the worker,
shown with its progress, downloaded by its requester only, and pruned after a day or two."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.operations.models import ReportFileJob, ReportFileStatus
from samordna.operations.report_files import build_report_file
from samordna.operations.tasks import prune_old_results
from samordna.reports.tests.cohort import build_cohort

QUERY = "year=2025&part=year"


@pytest.fixture
def analyst(tenant):
    build_cohort(tenant)
    return tenant.client(Role.ANALYST)


def ask(client, file_format="csv", query=QUERY, report="participants"):
    return client.post(
        "/rapporter/filer/", {"report": report, "file_format": file_format, "query": query}
    )


def test_the_report_page_offers_to_prepare_its_file_in_the_background(analyst):
    html = analyst.get(f"/rapporter/deltagare/?{QUERY}").content.decode()
    assert 'action="/rapporter/filer/"' in html
    assert 'name="query" value="year=2025&amp;part=year"' in html


def test_the_file_is_queued_shown_with_its_progress_then_ready_to_download(analyst):
    response = ask(analyst)
    job = ReportFileJob.objects.get()
    assert response.url == f"/rapporter/filer/{job.pk}/"
    queued = DBTaskResult.objects.ready().get()
    assert queued.task_path.endswith("build_report_file") and queued.args_kwargs["args"] == [job.pk]
    page = analyst.get(response.url).content.decode()
    assert 'max="3" value="1"' in page and "väntar på sin tur" in page
    assert "/hamta/" not in page

    build_report_file.call(job.pk)
    fragment = analyst.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-get" not in fragment and f"/rapporter/filer/{job.pk}/hamta/" in fragment
    download = analyst.get(f"/rapporter/filer/{job.pk}/hamta/")
    assert download.content == analyst.get(f"/rapporter/deltagare/csv/?{QUERY}").content
    assert download["Content-Disposition"].endswith('.csv"')
    assert AuditEvent.objects.filter(action="report.export", details__format="csv").count() == 2


def test_the_file_speaks_the_language_it_was_asked_in(analyst):
    analyst.cookies["django_language"] = "en"
    ask(analyst)
    build_report_file.call(ReportFileJob.objects.get().pk)
    assert ReportFileJob.objects.get().filename.startswith("participants-2025")  # not deltagare


def test_only_its_requester_sees_the_file(tenant, analyst):
    ask(analyst)
    job = ReportFileJob.objects.get()
    build_report_file.call(job.pk)
    administrator = tenant.client(Role.ADMIN)
    assert administrator.get(f"/rapporter/filer/{job.pk}/").status_code == 404
    assert administrator.get(f"/rapporter/filer/{job.pk}/hamta/").status_code == 404


def test_filters_the_download_would_refuse_are_refused_before_queueing(analyst):
    response = ask(analyst, query="year=abc&part=year")
    assert response.url == "/rapporter/deltagare/?year=abc&part=year"
    assert not ReportFileJob.objects.exists() and not DBTaskResult.objects.exists()


def test_a_report_the_user_may_not_read_is_refused(tenant):
    staff = tenant.client(Role.STAFF)
    assert ask(staff, report="money").status_code == 403
    assert ask(staff, report="no-such-report").status_code == 404
    assert not ReportFileJob.objects.exists()


def test_a_file_that_cannot_be_built_says_so_and_is_not_downloadable(tenant, analyst):
    ask(analyst)
    job = ReportFileJob.objects.get()
    tenant.users[Role.ANALYST].memberships.all().delete()  # no longer allowed when it runs
    with pytest.raises(Exception):  # noqa: B017  (the worker records the error)
        build_report_file.call(job.pk)
    job.refresh_from_db()
    assert job.status == ReportFileStatus.FAILED and job.content is None


def test_files_are_pruned_after_a_day_or_two(tenant):
    for age in (0, 1, 2):
        job = ReportFileJob.objects.create(
            forbund=tenant.forbund, requested_by=tenant.users[Role.ANALYST], report="participants"
        )
        created = timezone.now() - timedelta(days=age)
        ReportFileJob.objects.filter(pk=job.pk).update(created_at=created)
    result = prune_old_results.call(timezone.localdate().isoformat())
    assert result["report_files"] == 1
    assert ReportFileJob.objects.count() == 2
