"""Objects of another förbund for the access matrix (see organisations/tests/access.py)."""

from samordna.surveys.tests.factories import BatchFactory, QuestionnaireFactory


def _questionnaire(tenant):
    return {"pk": QuestionnaireFactory(forbund=tenant.forbund).pk}


def _batch(tenant):
    return {"pk": BatchFactory(version__questionnaire__forbund=tenant.forbund).pk}


PAGES = {
    "surveys:detail": _questionnaire,
    "surveys:edit": _questionnaire,
    "surveys:details": _questionnaire,
    "surveys:batch_create": _questionnaire,
    "surveys:paper": _questionnaire,
    "surveys:results": _questionnaire,
    "surveys:batch": _batch,
    "surveys:batch_pdf": _batch,
    "surveys:batch_void": _batch,
    "surveys:printed_link": lambda tenant: {"key": "ABCDEFGHJKMN"},
}

API = {
    "/api/v1/questionnaires/{questionnaire_id}": lambda tenant: {
        "questionnaire_id": QuestionnaireFactory(forbund=tenant.forbund).pk
    },
    "/api/v1/questionnaires/{questionnaire_id}/links": lambda tenant: {
        "path": {"questionnaire_id": QuestionnaireFactory(forbund=tenant.forbund).pk},
        "json": {"intervention_id": 1, "occasion": "end", "year": 2025, "tertial": 1, "count": 5},
    },
    "/api/v1/questionnaires/{questionnaire_id}/wording": lambda tenant: {
        "path": {"questionnaire_id": QuestionnaireFactory(forbund=tenant.forbund).pk},
        "json": {"scale": [[2, "Ja"], [1, "Nej"]], "questions": [{"code": "a", "text": "A"}]},
    },
    "/api/v1/questionnaires/{questionnaire_id}/paper-responses": lambda tenant: {
        "path": {"questionnaire_id": QuestionnaireFactory(forbund=tenant.forbund).pk},
        "json": {
            "intervention_id": 1,
            "occasion": "end",
            "year": 2025,
            "tertial": 1,
            "answers": {},
        },
    },
}

PUBLIC_PAGES = {"surveys:enter_code", "surveys:answer", "surveys:thanks", "surveys:printed_link"}
