"""Cognito tokens over a session: SECRET_HASH, refresh, sign-out, and a revoked token.

A confidential app client (one with a client secret) signs a user in, renews the session
with REFRESH_TOKEN_AUTH, then ends it with GlobalSignOut (the user's own access token) and
AdminUserGlobalSignOut (IAM credentials, from a back end). Every call from a client with a
secret carries SECRET_HASH: Base64(HMAC-SHA256(key = client secret, message = username +
client ID)). A refresh returns new ID and access tokens that share the original sign-in's
`origin_jti`. After sign-out, Cognito's own APIs refuse the access token and the refresh
token, but a back end that only checks the JWT's signature and expiry still accepts the
access token until it expires: keep access tokens short-lived.

Emulator vs AWS:
- moto does not implement RevokeToken (nor the /oauth2/revoke endpoint): the example reads
  the operation from botocore's model instead and prints that moto lacks it. On AWS,
  RevokeToken ends one refresh token and the access tokens issued from it, leaving the
  user's other sessions alone.
- moto does not implement GetTokensFromRefreshToken, so refresh token rotation cannot be
  shown: the refresh here is an app client with rotation off, where AWS also returns new ID
  and access tokens only.
- moto ignores AccessTokenValidity, IdTokenValidity and TokenValidityUnits: every ID and
  access token gets moto's fixed lifetime (equal to the AWS default), whatever the app client says.
- moto checks SECRET_HASH for REFRESH_TOKEN_AUTH (and SRP), but not for USER_PASSWORD_AUTH;
  AWS refuses a request without a valid SECRET_HASH in every flow of a client with a secret.
- moto does not enforce ExplicitAuthFlows; on AWS this client works only because it allows
  ALLOW_USER_PASSWORD_AUTH and ALLOW_REFRESH_TOKEN_AUTH.
- moto's refresh tokens are plain random strings; AWS's are encrypted and opaque. All moto
  pools sign with one shared test key: never trust moto-signed tokens outside tests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import boto3
import jwt
import requests
from botocore.exceptions import ClientError
from moto import mock_aws

REGION = "us-east-1"
USERNAME = "alice"
PASSWORD = "Corr3ct-Horse!"


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """SECRET_HASH: Base64 of HMAC-SHA256, keyed with the client secret, over username + client ID."""
    digest = hmac.new(client_secret.encode("utf-8"), (username + client_id).encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def create_pool_and_confidential_client(idp) -> tuple[str, str, str]:
    """A user pool, a user with a permanent password, and an app client with a secret."""
    pool_id = idp.create_user_pool(PoolName="learners")["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="server-side-web-app",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    idp.admin_create_user(UserPoolId=pool_id, Username=USERNAME, MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username=USERNAME, Password=PASSWORD, Permanent=True)
    return pool_id, client["ClientId"], client["ClientSecret"]


def sign_in(idp, client_id: str, client_secret: str) -> dict:
    return idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD, "SECRET_HASH": secret_hash(USERNAME, client_id, client_secret)},
    )["AuthenticationResult"]


def refresh(idp, client_id: str, refresh_token: str, hashed: str | None) -> dict:
    params = {"REFRESH_TOKEN": refresh_token}
    if hashed is not None:
        params["SECRET_HASH"] = hashed
    return idp.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters=params)["AuthenticationResult"]


def claims(token: str) -> dict:
    """Read a JWT's claims without checking it (for display only; a back end must verify)."""
    return jwt.decode(token, options={"verify_signature": False})


def signature_and_expiry_accept(token: str, pool_id: str) -> bool:
    """What a back end that checks only the signature (JWKS) and `exp` decides."""
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}"
    jwks = requests.get(f"{issuer}/.well-known/jwks.json", timeout=5).json()
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(jwt.PyJWK(k) for k in jwks["keys"] if k["kid"] == kid)
    try:
        jwt.decode(token, key, algorithms=["RS256"], issuer=issuer)
        return True
    except jwt.InvalidTokenError:
        return False


def error_code(call) -> str:
    try:
        call()
        return "accepted"
    except ClientError as err:
        return err.response["Error"]["Code"]


def main() -> None:
    with mock_aws():
        idp = aws_session().client("cognito-idp")
        pool_id, client_id, client_secret = create_pool_and_confidential_client(idp)
        client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
        print("app client: secret:", "ClientSecret" in client, "| token revocation:", client["EnableTokenRevocation"],
              "| refresh token days:", client["RefreshTokenValidity"])
        #> app client: secret: True | token revocation: True | refresh token days: 30

        tokens = sign_in(idp, client_id, client_secret)
        access = claims(tokens["AccessToken"])
        print("sign-in returned:", sorted(k for k in tokens if k.endswith("Token")))
        #> sign-in returned: ['AccessToken', 'IdToken', 'RefreshToken']
        print("access token lifetime (exp - iat):", access["exp"] - access["iat"], "seconds")
        #> access token lifetime (exp - iat): 3600 seconds

        hashed = secret_hash(USERNAME, client_id, client_secret)
        print("refresh without SECRET_HASH:", error_code(lambda: refresh(idp, client_id, tokens["RefreshToken"], None)))
        #> refresh without SECRET_HASH: NotAuthorizedException
        print("refresh with a hash of another secret:",
              error_code(lambda: refresh(idp, client_id, tokens["RefreshToken"], secret_hash(USERNAME, client_id, "not-the-secret"))))
        #> refresh with a hash of another secret: NotAuthorizedException

        renewed = refresh(idp, client_id, tokens["RefreshToken"], hashed)
        print("REFRESH_TOKEN_AUTH returned:", sorted(k for k in renewed if k.endswith("Token")))
        #> REFRESH_TOKEN_AUTH returned: ['AccessToken', 'IdToken']
        new_access = claims(renewed["AccessToken"])
        print("new access token:", new_access["jti"] != access["jti"], "| same origin_jti:", new_access["origin_jti"] == access["origin_jti"])
        #> new access token: True | same origin_jti: True

        idp.global_sign_out(AccessToken=renewed["AccessToken"])
        print("after GlobalSignOut, GetUser:", error_code(lambda: idp.get_user(AccessToken=renewed["AccessToken"])))
        #> after GlobalSignOut, GetUser: NotAuthorizedException
        print("after GlobalSignOut, refresh:", error_code(lambda: refresh(idp, client_id, tokens["RefreshToken"], hashed)))
        #> after GlobalSignOut, refresh: NotAuthorizedException
        print("a signature-and-expiry check still accepts the access token:", signature_and_expiry_accept(renewed["AccessToken"], pool_id))
        #> a signature-and-expiry check still accepts the access token: True

        # A back end ends a session with IAM credentials: AdminUserGlobalSignOut.
        second = sign_in(idp, client_id, client_secret)
        idp.admin_user_global_sign_out(UserPoolId=pool_id, Username=USERNAME)
        print("after AdminUserGlobalSignOut, refresh:", error_code(lambda: refresh(idp, client_id, second["RefreshToken"], hashed)))
        #> after AdminUserGlobalSignOut, refresh: NotAuthorizedException

        # RevokeToken ends one refresh token (and its access tokens); moto has not implemented it.
        in_model = "RevokeToken" in idp.meta.service_model.operation_names
        try:
            idp.revoke_token(Token=second["RefreshToken"], ClientId=client_id, ClientSecret=client_secret)
            emulated = True
        except NotImplementedError:
            emulated = False
        print("RevokeToken in the API model:", in_model, "| emulated by moto:", emulated)
        #> RevokeToken in the API model: True | emulated by moto: False


if __name__ == "__main__":
    main()
