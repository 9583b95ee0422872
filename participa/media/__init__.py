"""Pictures and documents: files attached to consultations, proposals, drafts and processes.

Images themselves (checked, stripped, resized) are ``core.uploads``; this feature keeps the
documents attached to other features' content, which declare their kinds through the
``attachable`` system of their manifests.
"""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("media", __name__, "/attachments")
