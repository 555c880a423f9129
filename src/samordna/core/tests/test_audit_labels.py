from django.utils import translation

from samordna.core.audit_labels import action_label


def test_an_action_code_reads_as_swedish_words():
    with translation.override("sv"):
        assert action_label("identity.reveal") == "Identitet: visad"
        assert action_label("claim.paid") == "Rekvisition: utbetald"


def test_an_unknown_action_code_is_shown_as_it_is():
    assert action_label("something.new") == "something.new"
