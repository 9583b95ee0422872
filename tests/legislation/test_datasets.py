"""The legislation datasets: a draft nobody published is absent from all three; a published
one is there with its versions and each article's votes, comments and amendments (withdrawn
amendments left out, as in the report)."""

from __future__ import annotations

from participa.comments import services as comments
from participa.extensions import db
from participa.legislation import participation
from tests import factories
from tests.legislation.support import articles, make_draft
from tests.opendata.support import download


def test_published_drafts_and_their_article_results(client, municipality):
    public = make_draft(municipality, title="Ordenanza pública")
    secret = make_draft(municipality, status="draft", title="Borrador interno")
    first, second, third = articles(public)
    for value in ("in_favour", "in_favour", "against"):
        participation.cast_vote(public, first, voter=factories.UserFactory(), value=value)
    participation.cast_vote(public, second, voter=factories.UserFactory(), value="abstain")
    author = factories.UserFactory()
    participation.propose_amendment(public, first, author=author, text="Otra redacción",
                                    justification="Más claro")  # fmt: skip
    withdrawn = participation.propose_amendment(public, second, author=author, text="Retirada",
                                                justification="")  # fmt: skip
    participation.withdraw_amendment(public, withdrawn, actor=author)
    comments.post_comment("article", first, author=factories.UserFactory(), body="Bien")
    db.session.commit()

    drafts = download(client, "legislation-drafts")
    assert [d["title"] for d in drafts] == ["Ordenanza pública"]
    assert drafts[0]["status"] == "published" and drafts[0]["current_version"] == "1"
    versions = download(client, "legislation-versions")
    assert [(v["draft_id"], v["number"], v["articles"], v["is_current"]) for v in versions] == [
        (str(public.id), "1", "3", "true")
    ]
    results = download(client, "legislation-article-results")
    assert {r["draft_id"] for r in results} == {str(public.id)}
    assert str(secret.id) not in {r["draft_id"] for r in results}
    figures = [(r["article_key"], r["in_favour"], r["against"], r["abstain"], r["comments"],
                r["amendments"]) for r in results]  # fmt: skip
    assert figures == [
        (first.key, "2", "1", "0", "1", "1"),
        (second.key, "0", "0", "1", "0", "0"),
        (third.key, "0", "0", "0", "0", "0"),
    ]
    assert all(r["changed_at"] for r in results)
