"""Property-based tests: random and adversarial text never crashes a stage or breaks offsets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manifesto.extractors import REGISTRY
from manifesto.pipeline.ingest import IngestError, document_from_text
from manifesto.pipeline.parse import prepare_doc
from manifesto.pipeline.runner import extract_rows

DOCUMENT_STAGES = [n for n in REGISTRY.names() if REGISTRY[n].spec.scope == "document"]

LINES = st.sampled_from([
    "Labour will:", "- Abolish the tax", "• Build 10,000 homes by 2020", "1. Saving policing", "FOREWORD",
    "We will cut crime by 10% over the next three years.", "**A BETTER PLAN**", "*Yvette*", "", "   ",
    "1 in 20 children", "£8bn", "The Conservatives will cut 999 police.", "# Heading", "and then", "(cid:91)",
    "Wir werden die Steuern senken.", "我们将建设学校。", "مرحبا بالعالم", "x" * 300, "1234567890 " * 5,
])
ADVERSARIAL = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.lists(LINES, max_size=25).map("\n".join),
    st.lists(LINES, max_size=25).map("\n\n".join),
    st.text(alphabet="0123456789., %£-\n", max_size=200),
    st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u200b", max_size=50),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Po"]), max_size=100),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ADVERSARIAL)
def test_properties_every_stage_survives_adversarial_text(nlp, text):
    try:
        document = document_from_text(text, catalog={"party": "Labour Party"})
    except IngestError:
        return  # empty or binary-looking input: rejected with a reason, which is correct
    doc = next(nlp.pipe([prepare_doc(nlp, document)]))
    rows, failures = extract_rows(document, doc, DOCUMENT_STAGES)
    assert failures == {}
    content = document.text
    for stage, stage_rows in rows.items():
        for row in stage_rows:
            if "char_start" in row and row["char_start"] is not None:
                assert 0 <= row["char_start"] <= row["char_end"] <= len(content), (stage, row)
                if "text" in row and stage != "documents":
                    assert content[row["char_start"]:row["char_end"]] == row["text"], (stage, row)
