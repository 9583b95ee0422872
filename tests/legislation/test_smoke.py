from tests.legislation.support import articles, base, make_draft


def test_pages_render(client, login, municipality, staff, resident):
    draft = make_draft(municipality, staff=staff)
    art = articles(draft)[0]
    login(staff)
    for path in [
        "/",
        f"/{draft.id}",
        f"/{draft.id}/articles/{art.id}",
        f"/{draft.id}/versions",
        f"/{draft.id}/report",
        f"/{draft.id}/report/summary",
        f"/{draft.id}/report.csv",
        f"/{draft.id}/report.json",
        "/new",
        f"/{draft.id}/edit",
        f"/{draft.id}/text",
        f"/{draft.id}/questions",
        f"/{draft.id}/response",
    ]:
        r = client.get(base(municipality) + path)
        assert r.status_code == 200, (path, r.get_data(as_text=True)[-3000:])
