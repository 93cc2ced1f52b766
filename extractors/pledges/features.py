"""What the pledge classifier reads: the rules' findings as marker words, then the words.

The rules' judgement is evidence for the classifier (models/pledges/classifier), not a
verdict: each finding becomes a marker word (`r_own`, `r_inherits_modal`,
`k_list_item`, `s_modal_will`, ...) put before the unit's own words.
"""

from __future__ import annotations

from spacy.tokens import Span

from .actors import ActorFinder
from .evidence import Evidence
from .grammar import SUBJECTS, imperative_head
from .rules import Lexicon


def feature_words(signals: set[str], unit: Span, lex: Lexicon) -> tuple[str, ...]:
    """What the classifier reads: the rules' signals as marker words, "|", then the
    unit's tokens (as the document's parse cut them) in lower case, a leader's "I" read
    as the party's "we" (actor.classifier_voice)."""
    voice = lex.tables["actor.classifier_voice"]
    words = (voice.get(t.lower_, t.lower_) for t in unit if not t.is_space)
    return (*sorted(signals), "|", *words)


def rules_reject(signals: set[str]) -> bool:
    """The rules read commitment language and judged it: another party's or a person's
    ("The Conservatives will cut ..."), not checkable ("We will always do whatever is
    necessary"), or inside a subordinate clause ("as we will set out"). The classifier
    decides only where the rules found no commitment to judge (lists, imperatives,
    impersonal measures)."""
    return "r_other_party" in signals or "r_subordinate" in signals or any(s.endswith("_untestable") for s in signals)


def unit_signals(row: dict, unit: Span, finder: ActorFinder, lex: Lexicon, committed_item: bool) -> set[str]:
    """Layout and grammar of the unit itself, whatever commitment it holds
    (`committed_item`: it sits under a committing lead-in). Whether the unit before was
    a pledge is deliberately not among them: trained on gold contexts, a classifier
    leans on it, and at extraction one false pledge would drag the next along."""
    signals = {f"k_{row['block_kind']}"}
    if row["is_list_item"]:
        signals.add("k_committed_item" if committed_item else "k_list_item")
    if imperative_head(unit) is not None:
        signals.add("r_imperative")
    root = unit.root
    if root.tag_ == "VBD" or any(c.lemma_ == "have" and c.dep_ == "aux" for c in root.children):
        signals.add("r_past")
    if not any(t.pos_ in ("VERB", "AUX") for t in unit):
        signals.add("r_verbless")
    if any(t.lower_ in lex["actor.pronouns"] and t.dep_ in SUBJECTS for t in unit):
        signals.add("r_we_subject")
    if finder.party.spans_in(list(unit)):
        signals.add("r_party_named")
    return signals | _clause_signals(unit, lex.tables["actor.classifier_voice"])


def _clause_signals(unit: Span, voice: dict[str, str]) -> set[str]:
    """The main clause's shape: its verb, its modal, what kind of subject it has (a
    pronoun by its `voice` reading: "I" as "we")."""
    root = unit.root
    signals = {f"s_root_{root.lemma_.lower()}", f"s_root_tag_{root.tag_}"}
    for child in root.children:
        if child.dep_ in ("aux", "auxpass") and child.tag_ == "MD":
            signals.add(f"s_modal_{child.lower_}")
        elif child.dep_ == "auxpass":
            signals.add("s_passive")
        elif child.dep_ in SUBJECTS:
            signals.add(f"s_subj_{voice.get(child.lower_, child.lower_)}" if child.pos_ == "PRON"
                        else f"s_subj_{child.pos_.lower()}")
    return signals


def evidence_signals(evidence: Evidence) -> set[str]:
    """Concrete means named in the unit: numbers, dates, named or new instruments."""
    signals = {"r_specific"} if evidence.specific() else set()
    if evidence.numbers():
        signals.add("r_number")
    if evidence.time_frame():
        signals.add("r_time_frame")
    return signals
