"""A small but real OpenID Connect provider for the single sign-on tests, run in its own process.

Built with Authlib's authorization server on Flask: discovery, JWKS, the authorization endpoint
(a log-in form that asks only for the e-mail of a known test user), and the token endpoint with
the authorization code grant, PKCE and ID tokens signed with RS256, and RP-initiated logout
(`/logout`: recorded, then back to a registered address). Everything is kept in memory.

The tests steer it through `/_control/…` (JSON POST): register clients and users, and switch its
mode to misbehave on purpose:

- `normal`: as a provider should;
- `wrong_key`: the ID token is signed with another RSA key under the published key's id;
- `expired`: the ID token expired an hour ago;
- `slow`: every endpoint waits `delay` seconds before it answers (a provider that is down);
- `fixed_nonce`: the ID token carries `nonce` from the mode, not the one of the request (replay);
- `no_logout`: discovery names no `end_session_endpoint` (a provider without RP-initiated logout).

Run: `python tests/oidc_provider/server.py [--port 0]`; it prints `READY <issuer>` when it listens.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, redirect, request
from joserfc.jwk import RSAKey
from markupsafe import escape
from werkzeug.serving import make_server

KID = "samplan-test-key"


@dataclass
class Client:
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in (scope or "").split() if s in {"openid", "email", "profile"})

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    email: str
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> None:
        return None


@dataclass
class State:
    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": KID}))
    wrong_key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": KID}))
    clients: dict[str, Client] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    codes: dict[str, Code] = field(default_factory=dict)
    logouts: list[dict[str, str]] = field(default_factory=list)
    mode: dict[str, Any] = field(default_factory=lambda: {"mode": "normal"})
    lock: threading.Lock = field(default_factory=threading.Lock)


STATE = State()


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code: str, request: Any) -> None:
        payload = request.payload
        STATE.codes[code] = Code(
            code=code,
            client_id=request.client.client_id,
            redirect_uri=payload.redirect_uri,
            scope=payload.scope,
            nonce=payload.data.get("nonce"),
            email=request.user["email"],
            code_challenge=payload.data.get("code_challenge"),
            code_challenge_method=payload.data.get("code_challenge_method"),
        )

    def query_authorization_code(self, code: str, client: Client) -> Code | None:
        item = STATE.codes.get(code)
        return item if item and item.client_id == client.client_id else None

    def delete_authorization_code(self, authorization_code: Code) -> None:
        STATE.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: Code) -> dict[str, Any]:
        return STATE.users[authorization_code.email]


class MisbehavingOpenIDCode(OpenIDCode):
    """ID tokens as the current mode says."""

    def exists_nonce(self, nonce: str, request: Any) -> bool:
        return any(code.nonce == nonce for code in STATE.codes.values())

    def resolve_client_private_key(self, client: Client) -> RSAKey:
        return STATE.wrong_key if STATE.mode["mode"] == "wrong_key" else STATE.key

    def get_encode_header(self, client: Client) -> dict[str, str]:
        return {"alg": "RS256", "kid": KID}

    def get_client_claims(self, client: Client) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {"iss": STATE.issuer, "aud": [client.client_id]}
        if STATE.mode["mode"] == "expired":
            claims.update(iat=now - 7200, exp=now - 3600, auth_time=now - 7200)
        else:
            claims.update(iat=now, exp=now + 600)
        return claims

    def get_authorization_code_claims(self, authorization_code: Code) -> dict[str, Any]:
        claims = super().get_authorization_code_claims(authorization_code)
        if STATE.mode["mode"] == "fixed_nonce":
            claims["nonce"] = STATE.mode["nonce"]
        return claims

    def generate_user_info(self, user: dict[str, Any], scope: str) -> dict[str, Any]:
        return {key: value for key, value in user.items() if value is not None}


def query_client(client_id: str) -> Client | None:
    return STATE.clients.get(client_id)


def save_token(token: dict[str, Any], request: Any) -> None:
    """Access tokens are not used by Samplan (the claims are in the ID token)."""


def create_app() -> Flask:
    app = Flask(__name__)
    server = AuthorizationServer(app, query_client=query_client, save_token=save_token)
    server.register_grant(
        AuthorizationCodeGrant,
        [MisbehavingOpenIDCode(require_nonce=True), CodeChallenge(required=True)],
    )

    @app.before_request
    def slow_down() -> None:
        if STATE.mode["mode"] == "slow" and not request.path.startswith("/_control"):
            time.sleep(float(STATE.mode.get("delay", 5)))

    @app.get("/.well-known/openid-configuration")
    def discovery() -> Any:
        return jsonify(
            issuer=STATE.issuer,
            authorization_endpoint=f"{STATE.issuer}/authorize",
            token_endpoint=f"{STATE.issuer}/token",
            jwks_uri=f"{STATE.issuer}/jwks",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            scopes_supported=["openid", "email", "profile"],
            token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
            code_challenge_methods_supported=["S256"],
            claims_supported=["sub", "email", "email_verified", "name", "groups"],
            **(
                {}
                if STATE.mode["mode"] == "no_logout"
                else {"end_session_endpoint": f"{STATE.issuer}/logout"}
            ),
        )

    @app.get("/jwks")
    def jwks() -> Any:
        return jsonify(keys=[STATE.key.as_dict(private=False, kid=KID, use="sig", alg="RS256")])

    @app.route("/authorize", methods=["GET", "POST"])
    def authorize() -> Any:
        if request.method == "GET":
            grant = server.get_consent_grant(end_user=None)
            hint = escape(request.args.get("login_hint", ""))
            return (
                '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
                '<title>Testleverandør: logg inn</title><link rel="icon" href="data:,"></head>'
                "<body><main>"
                f"<h1>Testleverandør</h1><p>{escape(grant.client.client_id)} ber om innlogging.</p>"
                '<form method="post"><label for="email">E-post</label>'
                f'<input id="email" name="email" type="email" value="{hint}">'
                '<button type="submit">Logg inn hos testleverandøren</button></form>'
                "</main></body></html>"
            )
        user = STATE.users.get(request.form.get("email", "").strip().lower())
        return server.create_authorization_response(grant_user=user)

    @app.post("/token")
    def token() -> Any:
        return server.create_token_response()

    @app.get("/logout")
    def logout() -> Any:
        """RP-initiated logout: recorded (for the tests to read), then back to a registered
        post-logout address."""
        asked = dict(request.args)
        STATE.logouts.append(asked)
        client = STATE.clients.get(asked.get("client_id", ""))
        back = asked.get("post_logout_redirect_uri", "")
        if client is None or back not in client.redirect_uris:
            return "Ukjent klient eller adresse", 400
        return redirect(back)

    _control_routes(app)
    return app


def _control_routes(app: Flask) -> None:
    @app.post("/_control/client")
    def add_client() -> Any:
        data = request.get_json()
        STATE.clients[data["client_id"]] = Client(
            data["client_id"], data["client_secret"], list(data["redirect_uris"])
        )
        return jsonify(ok=True)

    @app.post("/_control/user")
    def add_user() -> Any:
        data = dict(request.get_json())
        data["email"] = data["email"].lower()
        data.setdefault("sub", secrets.token_hex(8))
        STATE.users[data["email"]] = data
        return jsonify(ok=True, sub=data["sub"])

    @app.post("/_control/mode")
    def set_mode() -> Any:
        with STATE.lock:
            STATE.mode = dict(request.get_json())
        return jsonify(ok=True)

    @app.get("/_control/logouts")
    def logouts() -> Any:
        return jsonify(logouts=STATE.logouts)

    @app.post("/_control/reset")
    def reset() -> Any:
        with STATE.lock:
            STATE.mode = {"mode": "normal"}
            STATE.users.clear()
            STATE.codes.clear()
            STATE.logouts.clear()
        return jsonify(ok=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args(argv)
    http = make_server(options.host, options.port, create_app(), threaded=True)
    STATE.issuer = f"http://{options.host}:{http.server_port}"
    print(f"READY {STATE.issuer}", flush=True)
    try:
        http.serve_forever()
    except KeyboardInterrupt:  # pragma: no cover - stopped by the tests with SIGTERM
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
