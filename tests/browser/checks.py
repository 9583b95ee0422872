"""Checks every browser journey can run on the page it stands on: axe-core's accessibility
rules, no sideways scroll, and pages opened at a phone's or a desktop's width, with or without
JavaScript.

axe-core comes from the ``axe-playwright-python`` package (its bundled ``axe.min.js``), which
Playwright evaluates through the DevTools protocol: the page's Content-Security-Policy does not
apply to it, so pages are checked with their real policy. ``opened(..., axe=True)`` bypasses the
policy anyway, for a test that must inject a script tag of its own.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
SERIOUS = {"serious", "critical"}
# Pages opened with JavaScript off: axe-core cannot run in them (its promise never settles).
_SCRIPTLESS: weakref.WeakSet[Any] = weakref.WeakSet()

# The elements that stick out of the window, outside any box that scrolls by itself: what to
# fix when the page is wider than the window.
STICKING_OUT = """() => {
    const width = window.innerWidth;
    const clipped = (el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            if (!['visible', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
        }
        return false;
    };
    const found = [];
    for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        const parent = el.parentElement.getBoundingClientRect();
        if (box.right > width + 1 && parent.right <= width + 1 && !clipped(el)) {
            found.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                + ' ends at ' + Math.round(box.right) + 'px');
        }
    }
    return found.slice(0, 5);
}"""


@contextmanager
def opened(
    chromium: Any,
    base_url: str,
    *,
    width: str = "desktop",
    javascript: bool = True,
    axe: bool = False,
    locale: str = "es-AR",
) -> Iterator[Any]:
    """A page in a new context at a phone's (390 px) or desktop's (1280 px) width, with or
    without JavaScript; ``axe=True`` bypasses the page's CSP (never needed by axe itself)."""
    context = chromium.new_context(
        base_url=base_url,
        locale=locale,
        viewport=WIDTHS[width],
        java_script_enabled=javascript,
        bypass_csp=axe,
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        if not javascript:
            _SCRIPTLESS.add(page)
        yield page
    finally:
        context.close()


def sideways(page: Any) -> list[str]:
    """What makes the page scroll sideways (empty when it fits its window)."""
    # After a click the page may still be loading its stylesheet (on a loaded machine): an
    # unstyled page is wider than the styled one that people see.
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    window = page.evaluate("window.innerWidth")
    if width <= window:
        return []
    return [f"{page.url}: {width} px wide in a {window}-px window", *page.evaluate(STICKING_OUT)]


def axe_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each (empty when
    none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response.get("violations", []):
        if violation.get("impact") in SERIOUS:
            targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"]]
            found.append(f"{page.url}: {violation['id']} ({violation['impact']}): {targets[:3]}")
    return found


def _twin_problems(page: Any, *, axe: bool) -> list[str]:
    """The checks of a page opened with JavaScript off (where evaluating a script may never
    return): run on its twin, the same address, cookies and window size in a context where the
    checks may run but the page's own scripts are blocked, so what is checked is what a visitor
    without JavaScript gets."""
    browser = page.context.browser
    context = browser.new_context(
        storage_state=page.context.storage_state(),
        viewport=page.viewport_size,
        locale="es-AR",
    )
    try:
        context.route("**/*.js", lambda route: route.abort())
        twin = context.new_page()
        twin.goto(page.url)
        return sideways(twin) + (axe_violations(twin) if axe else [])
    finally:
        context.close()


def page_problems(page: Any, *, axe: bool = True) -> list[str]:
    """Sideways scroll and serious accessibility violations (on a page opened with JavaScript
    off, axe-core judges a twin of it whose own scripts are blocked)."""
    if page in _SCRIPTLESS:
        return _twin_problems(page, axe=axe)
    return sideways(page) + (axe_violations(page) if axe else [])
