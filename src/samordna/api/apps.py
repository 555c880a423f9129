from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API's own app, so its answers (401, 403, 404, 405, refused text) have a catalogue of
    their own that `make messages` extracts like every other app's."""

    name = "samordna.api"
    label = "samordna_api"
