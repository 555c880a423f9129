"""Versioned definitions (a questionnaire's questions, an instrument's items): one piece of code
for editing them, on the page and in the service.

The latest version is edited in place while nobody has used it; once it is locked (answered or
assessed), an edit becomes a new version, so what was recorded keeps its wording. Each entry of a
version (a question, an item) is a row with a `position`, described by a dataclass of its fields.
"""

from dataclasses import asdict, fields


def save_definition(owner, definition: dict, entries: list, *, entry_model):
    """Write `definition` (the version's own fields) and `entries` (dataclasses, in order) as
    `owner`'s latest version: in place while unlocked, else as a new version. The version."""
    latest = owner.latest_version()
    if latest is None or latest.is_locked:
        version = owner.versions.model(
            forbund=owner.forbund,
            number=latest.number + 1 if latest else 1,
            **{_owner_field(owner): owner},
        )
    else:
        version = latest
        entry_model.objects.filter(version=version).delete()
    for name, value in definition.items():
        setattr(version, name, value)
    version.full_clean()
    version.save()
    rows = [
        entry_model(forbund=version.forbund, version=version, position=position, **asdict(entry))
        for position, entry in enumerate(entries, start=1)
    ]
    for row in rows:  # lengths and choices, as the page's form checks them
        row.full_clean(validate_unique=False, validate_constraints=False)
    entry_model.objects.bulk_create(rows)
    return version


def _owner_field(owner) -> str:
    return owner.versions.field.name


def filled_entries(formset, entry_class) -> list:
    """The rows of a valid entry formset as `entry_class` dataclasses; a row without text is an
    empty extra row and is left out."""
    names = [field.name for field in fields(entry_class)]
    return [
        entry_class(**{name: form.cleaned_data[name] for name in names})
        for form in formset.forms
        if form.cleaned_data.get("text")
    ]


def initial_entries(version, relation: str, entry_class) -> list[dict]:
    """The entries of `version` (its related rows `relation`) as the initial rows of its formset;
    none without a version."""
    if version is None:
        return []
    names = [field.name for field in fields(entry_class)]
    return [
        {name: getattr(row, name) for name in names} for row in getattr(version, relation).all()
    ]
