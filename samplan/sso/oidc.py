"""The OpenID Connect relying party: discovery, the authorization request, the code exchange and
the ID token's checks. No models: it takes the provider's settings as plain values.

Authlib builds the authorization request (state, nonce, PKCE S256), with its framework-free parts
(its httpx integration is moving to another HTTP library); httpx exchanges the code; joserfc
(Authlib's JOSE library) checks the ID token: the signature against the provider's published keys
(JWKS), and the issuer, audience, expiry and nonce. Every failure is an `SsoError` with a
Norwegian message for the user and a short code for the audit log.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from joserfc import jwt
    from joserfc.jwk import KeySet

# httpx, authlib and joserfc (with `cryptography`) are imported by the functions that talk to a
# provider, not with the module: the URL configuration imports it in every server worker, and
# those libraries took some 20 MB of each worker's memory for the few requests of an SSO log-in
# (docs/performance-log.md, "Tenth round: a worker's memory").

SCOPE = "openid email profile"
DISCOVERY_PATH = "/.well-known/openid-configuration"
CACHE_SECONDS = 3600
# Clock difference tolerated between the provider and Samplan (seconds).
LEEWAY = 60
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]


class SsoError(Exception):
    """A log-in through the provider that cannot go on. `message` is for the user; `code` names
    the failure in the audit log."""

    def __init__(self, code: str, message: object) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


DOWN = _(
    "The organisation's login service did not answer in time. Try again in a few minutes, or "
    "log in with your password."
)
UNREACHABLE = _(
    "The organisation's login service could not be reached. Try again later, or log in with "
    "your password."
)
BAD_ANSWER = _("The organisation's login service gave an answer Samplan cannot use.")


def _timeout() -> float:
    return float(getattr(settings, "SAMPLAN_SSO_TIMEOUT", 10))


def _get_json(url: str) -> dict[str, Any]:
    import httpx

    try:
        response = httpx.get(url, timeout=_timeout(), follow_redirects=False)
    except httpx.TimeoutException as error:
        raise SsoError("provider_timeout", DOWN) from error
    except httpx.HTTPError as error:
        raise SsoError("provider_unreachable", UNREACHABLE) from error
    if response.status_code != 200:
        raise SsoError("provider_status", BAD_ANSWER)
    try:
        data = response.json()
    except ValueError as error:
        raise SsoError("provider_not_json", BAD_ANSWER) from error
    if not isinstance(data, dict):
        raise SsoError("provider_not_json", BAD_ANSWER)
    return data


def cached_discovery(issuer: str) -> dict[str, Any] | None:
    """The provider's metadata if Samplan read it within the hour, else None (no request)."""
    return cache.get(f"sso:discovery:{issuer.rstrip('/')}")


def discover(issuer: str, *, fresh: bool = False) -> dict[str, Any]:
    """The provider's metadata from `<issuer>/.well-known/openid-configuration` (cached an hour).
    Its `issuer` must be the configured one, and it must name the endpoints Samplan uses."""
    issuer = issuer.rstrip("/")
    key = f"sso:discovery:{issuer}"
    metadata = None if fresh else cache.get(key)
    if metadata is None:
        metadata = _get_json(issuer + DISCOVERY_PATH)
        if (metadata.get("issuer") or "").rstrip("/") != issuer:
            raise SsoError(
                "issuer_mismatch",
                _("The login service calls itself by another issuer address than the one set."),
            )
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(metadata.get(name), str) or not metadata[name].startswith("http"):
                raise SsoError("discovery_incomplete", BAD_ANSWER)
        cache.set(key, metadata, CACHE_SECONDS)
    return metadata


def _key_set(jwks_uri: str, *, fresh: bool) -> KeySet:
    from joserfc.errors import JoseError
    from joserfc.jwk import KeySet

    key = f"sso:jwks:{jwks_uri}"
    data = None if fresh else cache.get(key)
    if data is None:
        data = _get_json(jwks_uri)
        cache.set(key, data, CACHE_SECONDS)
    try:
        return KeySet.import_key_set(data)
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise SsoError("jwks_invalid", BAD_ANSWER) from error


@dataclass(frozen=True)
class Client:
    """What Samplan needs to talk to one provider."""

    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str

    def authorization_request(self, *, login_hint: str = "") -> dict[str, str]:
        """Where to send the browser, and the state, nonce and PKCE verifier to keep for the
        callback (in the session: one use each)."""
        from authlib.common.security import generate_token
        from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
        from authlib.oauth2.rfc7636 import create_s256_code_challenge

        metadata = discover(self.issuer)
        state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
        extra = {"login_hint": login_hint} if login_hint else {}
        url = prepare_grant_uri(
            metadata["authorization_endpoint"],
            client_id=self.client_id,
            response_type="code",
            redirect_uri=self.redirect_uri,
            scope=SCOPE,
            state=state,
            nonce=nonce,
            code_challenge=create_s256_code_challenge(verifier),
            code_challenge_method="S256",
            **extra,
        )
        return {"url": url, "state": state, "nonce": nonce, "code_verifier": verifier}

    def exchange(self, *, code: str, code_verifier: str) -> dict[str, Any]:
        """The token endpoint's answer to the authorization code (client_secret_basic)."""
        import httpx

        metadata = discover(self.issuer)
        try:
            response = httpx.post(
                metadata["token_endpoint"],
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.redirect_uri,
                    "code_verifier": code_verifier,
                },
                auth=(quote(self.client_id, safe=""), quote(self.client_secret, safe="")),
                headers={"Accept": "application/json"},
                timeout=_timeout(),
            )
        except httpx.TimeoutException as error:
            raise SsoError("provider_timeout", DOWN) from error
        except httpx.HTTPError as error:
            raise SsoError("provider_unreachable", UNREACHABLE) from error
        if response.status_code != 200:
            raise SsoError(
                "token_refused",
                _("The login service refused the login. Start the login again."),
            )
        try:
            token = response.json()
        except ValueError as error:
            raise SsoError("provider_not_json", BAD_ANSWER) from error
        if not isinstance(token, dict) or not isinstance(token.get("id_token"), str):
            raise SsoError("no_id_token", BAD_ANSWER)
        return token

    def verify(self, id_token: str, *, nonce: str) -> dict[str, Any]:
        """The ID token's claims, once its signature, issuer, audience, expiry and nonce hold."""
        from joserfc import jwt
        from joserfc.errors import ExpiredTokenError, InvalidClaimError, MissingClaimError

        metadata = discover(self.issuer)
        token = self._decode(id_token, metadata["jwks_uri"])
        registry = jwt.JWTClaimsRegistry(
            leeway=LEEWAY,
            iss={"essential": True, "value": metadata["issuer"]},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True},
        )
        try:
            registry.validate(token.claims)
        except ExpiredTokenError as error:
            raise SsoError(
                "token_expired",
                _("The login has expired (the identity token is too old). Log in again."),
            ) from error
        except (InvalidClaimError, MissingClaimError) as error:
            raise SsoError("claims_invalid", BAD_ANSWER) from error
        audience = token.claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.client_id not in audiences:
            raise SsoError("audience_mismatch", BAD_ANSWER)
        if not secrets.compare_digest(str(token.claims["nonce"]), nonce):
            raise SsoError(
                "nonce_mismatch",
                _("This login was already used or does not belong to this browser. Log in again."),
            )
        return dict(token.claims)

    def _decode(self, id_token: str, jwks_uri: str) -> jwt.Token:
        """Check the signature; on an unknown key fetch the provider's keys once more (it may
        have rotated them)."""
        from joserfc import jwt
        from joserfc.errors import BadSignatureError, JoseError

        for fresh in (False, True):
            try:
                return jwt.decode(id_token, _key_set(jwks_uri, fresh=fresh), algorithms=ALGORITHMS)
            except BadSignatureError as error:
                if fresh:
                    raise SsoError(
                        "bad_signature",
                        _(
                            "The identity token's signature does not match the login service's "
                            "keys. Nobody was logged in."
                        ),
                    ) from error
            except (JoseError, ValueError) as error:
                if fresh:
                    raise SsoError("token_invalid", BAD_ANSWER) from error
        raise AssertionError("unreachable")  # pragma: no cover
