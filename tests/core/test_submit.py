"""core.submit: the one shape of a state-changing view (validate, change, commit or roll back)."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages, render_template_string
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from participa.core.errors import DomainError
from participa.core.submit import act, attach_error, run, submit
from participa.extensions import db
from participa.site.models import LegalPage
from tests.rows import count_rows


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name", validators=[DataRequired()])


def _pages() -> int:
    return count_rows(LegalPage)


def _add_page(title: str = "Terms") -> LegalPage:
    page = LegalPage(slug="terms", locale="es", title=title, body="…")
    db.session.add(page)
    db.session.flush()
    return page


def _refuse(status: int = 409):
    _add_page()
    raise DomainError("Refused.", status=status)


def _render(form):
    return lambda status: (form, status)


def test_first_display_and_invalid_fields(app):
    with app.test_request_context("/", method="GET"):
        form = NameForm()
        assert submit(form, _add_page, render=_render(form), then="/done") == (form, 200)
    with app.test_request_context("/", method="POST", data={"name": ""}):
        form = NameForm()
        assert submit(form, _add_page, render=_render(form), then="/done") == (form, 422)
    assert _pages() == 0


def test_success_commits_flashes_and_redirects(app):
    with app.test_request_context("/", method="POST", data={"name": "x"}):
        form = NameForm()
        response = submit(
            form,
            _add_page,
            render=_render(form),
            then=lambda page: f"/pages/{page.id}",
            success=lambda page: (f"{page.title} saved.", "info"),
        )
        assert response.status_code == 302
        assert response.location.startswith("/pages/")
        assert get_flashed_messages(with_categories=True) == [("info", "Terms saved.")]
    db.session.remove()
    assert _pages() == 1


def test_refusal_rolls_back_and_shows_on_the_field_or_the_form(app):
    with app.test_request_context("/", method="POST", data={"name": "x"}):
        form = NameForm()
        result = submit(form, _refuse, render=_render(form), then="/", error_field="name")
        assert result == (form, 409)
        assert form.name.errors == ["Refused."]
        assert form.name.data == "x"  # what the person typed is kept
        form = NameForm()
        assert submit(form, lambda: _refuse(413), render=_render(form), then="/") == (form, 413)
        assert form.form_errors == ["Refused."]
        assert not get_flashed_messages()
    assert _pages() == 0


def test_a_page_may_show_a_refusal_its_own_way(app):
    seen = []
    with app.test_request_context("/", method="POST", data={"name": "x"}):
        form = NameForm()
        result = submit(
            form,
            _refuse,
            render=_render(form),
            then="/",
            error_field="name",
            show_error=seen.append,
        )
        assert result == (form, 409)
        assert [e.message for e in seen] == ["Refused."]
        assert not form.errors  # nothing attached by submit itself


def test_refusals_not_shown_go_to_the_error_page(app):
    with app.test_request_context("/", method="POST", data={"name": "x"}):
        form = NameForm()
        with pytest.raises(DomainError):
            submit(
                form,
                _refuse,
                render=_render(form),
                then="/",
                shown=lambda exc: exc.status == 422,
            )
    assert _pages() == 0


def test_act_flashes_the_refusal_on_the_way_back(app):
    with app.test_request_context("/", method="POST"):
        response = act(_refuse, then="/back", success="Done.", refused_code=303)
        assert (response.status_code, response.location) == (303, "/back")
        response = act(_add_page, then="/back", success="Done.")
        assert (response.status_code, response.location) == (302, "/back")
        assert get_flashed_messages(with_categories=True) == [
            ("error", "Refused."),
            ("success", "Done."),
        ]
    db.session.remove()
    assert _pages() == 1


def test_run_commits_or_rolls_back_and_raises(app):
    with pytest.raises(DomainError):
        run(_refuse)
    assert _pages() == 0
    run(_add_page)
    db.session.remove()
    assert _pages() == 1


def test_the_error_summary_shows_a_refusal_without_a_field(app):
    with app.test_request_context("/", method="POST", data={"name": "x"}):
        form = NameForm()
        form.validate()
        attach_error(form, DomainError("Refused."), "no_such_field")
        html = render_template_string(
            '{% from "macros/forms.html" import errors_summary %}{{ errors_summary(f) }}', f=form
        )
        assert '<div class="error-summary" role="alert"><p>Refused.</p></div>' in html
        assert "Please correct the following" not in html  # no field needs fixing
