"""Demo content: terms of use and privacy policy in three languages."""

from __future__ import annotations

from typing import Any

from participa.extensions import db
from participa.site.models import LegalPage

PAGES = {
    ("terms", "es"): (
        "Términos de uso",
        "Al participar aceptás publicar tus aportes bajo tu nombre "
        "público y respetar a las demás personas.\n\n- No publiques datos personales "
        "de terceros.\n- Los aportes que incumplan estas reglas pueden ser ocultados "
        "por moderación.",
    ),
    ("terms", "en"): (
        "Terms of use",
        "By taking part you agree to publish your contributions under "
        "your public name and to respect other people.\n\n- Do not publish other "
        "people's personal data.\n- Contributions that break these rules may be "
        "hidden by moderation.",
    ),
    ("terms", "pt"): (
        "Termos de uso",
        "Ao participar você aceita publicar suas contribuições com "
        "seu nome público e respeitar as outras pessoas.\n\n- Não publique dados "
        "pessoais de terceiros.\n- Contribuições que violem estas regras podem ser "
        "ocultadas pela moderação.",
    ),
    ("privacy", "es"): (
        "Política de privacidad",
        "Guardamos tu correo para avisarte y confirmar "
        "tu cuenta; nunca se publica. Podés descargar tus datos y borrar tu "
        "cuenta desde tu perfil.",
    ),
    ("privacy", "en"): (
        "Privacy policy",
        "We keep your e-mail to notify you and confirm your "
        "account; it is never published. You can download your data and delete "
        "your account from your profile.",
    ),
    ("privacy", "pt"): (
        "Política de privacidade",
        "Guardamos seu e-mail para avisar você e "
        "confirmar sua conta; ele nunca é publicado. Você pode baixar seus dados "
        "e excluir sua conta no seu perfil.",
    ),
}


def load_demo(context: dict[str, Any]) -> None:
    """Add the legal pages."""
    for (slug, locale), (title, body) in PAGES.items():
        db.session.add(LegalPage(slug=slug, locale=locale, title=title, body=body))
