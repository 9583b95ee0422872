"""Helpers of the legislation and open-contracting journeys (kept apart from conftest.py)."""

from __future__ import annotations

from typing import Any

# Every visible form control of the page without an accessible name, and every <label for>
# pointing at something that is not a form control (so it names nothing), as short HTML.
_UNNAMED = """() => {
    const visible = (el) => {
        if (el.closest('[hidden], [aria-hidden="true"]')) return false;
        const style = getComputedStyle(el);
        return style.display !== 'none' && style.visibility !== 'hidden';
    };
    const byIds = (ids) => ids.split(/\\s+/).map((id) => document.getElementById(id))
        .filter(Boolean).map((el) => el.textContent).join(' ');
    const nameOf = (el) => [
        el.getAttribute('aria-label') || '',
        el.getAttribute('aria-labelledby') ? byIds(el.getAttribute('aria-labelledby')) : '',
        [...(el.labels || [])].map((label) => label.textContent).join(' '),
        el.tagName === 'BUTTON' ? el.textContent : '',
        ['submit', 'button', 'reset'].includes(el.type) ? el.value : '',
        el.getAttribute('title') || '',
    ].join(' ').trim();
    const short = (el) => el.outerHTML.slice(0, 160);
    const problems = [];
    for (const el of document.querySelectorAll('input, select, textarea, button')) {
        if (el.type !== 'hidden' && visible(el) && !nameOf(el)) {
            problems.push('unnamed control: ' + short(el));
        }
    }
    const labelable = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'METER', 'OUTPUT', 'PROGRESS'];
    for (const label of document.querySelectorAll('label[for]')) {
        const target = document.getElementById(label.htmlFor);
        if (visible(label) && (!target || !labelable.includes(target.tagName))) {
            problems.push('label for a non-control: ' + short(label) + ' -> '
                + (target ? target.tagName.toLowerCase() + '#' + target.id : 'nothing'));
        }
    }
    return problems;
}"""


def unnamed_controls(page: Any) -> list[str]:
    """Problems with the names of the current page's form controls (empty when none)."""
    return [f"{page.url}: {problem}" for problem in page.evaluate(_UNNAMED)]


class ControlNames:
    """Collect naming problems page after page; assert once at the end of a journey."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []

    def check(self) -> None:
        self.problems += unnamed_controls(self.page)

    def assert_none(self) -> None:
        assert self.problems == [], "controls without a usable name:\n" + "\n".join(
            dict.fromkeys(self.problems)
        )
