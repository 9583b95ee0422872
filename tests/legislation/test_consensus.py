"""Consensus results are cached until the votes of a version change."""

from participa.extensions import db


def test_consensus_is_recomputed_only_when_votes_change(app, monkeypatch):
    from participa.extensions import cache
    from participa.legislation import consensus as module

    monkeypatch.setitem(app.config, "CONSENSUS_CACHE_SECONDS", 60)
    cache.clear()
    calls = []
    real = module.compute_for_version
    monkeypatch.setattr(module, "compute_for_version", lambda v: calls.append(v) or real(v))
    first = module.for_version(12345)
    again = module.for_version(12345)
    assert len(calls) == 1 and again.participants == first.participants
    monkeypatch.setattr(module, "_fingerprint", lambda v: "changed")
    module.for_version(12345)
    assert len(calls) == 2


def test_fingerprint_follows_votes(municipality, resident):
    from participa.legislation import consensus as module
    from participa.legislation.participation import cast_vote
    from tests.legislation.support import articles, make_draft

    draft = make_draft(municipality)
    first = articles(draft)[0]
    before = module._fingerprint(draft.current_version_id)
    cast_vote(draft, first, voter=resident, value="in_favour")
    db.session.commit()
    after_vote = module._fingerprint(draft.current_version_id)
    assert after_vote != before
    cast_vote(draft, first, voter=resident, value="against")
    db.session.commit()
    assert module._fingerprint(draft.current_version_id) != after_vote
