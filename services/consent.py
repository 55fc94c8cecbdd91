"""Which consent notice a participant agreed to.

The recorded version is the deployment's CONSENT_VERSION plus a digest of every rendered
notice (all languages, with the deployment's own organisation, contact and sharing words).
Changing any of that text changes the version, so returning participants are asked again
even when nobody remembered to raise CONSENT_VERSION.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def notice_version(deployment_version: str, notices: Iterable[str]) -> str:
    digest = hashlib.sha256("\0".join(notices).encode()).hexdigest()[:8]
    return f"{deployment_version}-{digest}"


def version_token(version: str) -> str:
    """A short stand-in for a version inside button data (at most 64 bytes in all)."""
    return hashlib.sha256(version.encode()).hexdigest()[:8]
