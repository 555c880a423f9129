"""Who sees operations' rows (core.permissions asks; registered in OperationsConfig.ready())."""

from samordna.core.permissions import RULES, forbund_ids, scope_rule


@scope_rule("operations.reportfilejob")
def _report_file_rows(queryset, user):
    """A report file prepared in the background is its requester's, like the download it replaces."""
    return queryset.filter(
        forbund_id__in=forbund_ids(user, RULES["report.view"]), requested_by=user
    )
