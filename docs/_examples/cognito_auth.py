"""Cognito sign-in: user pool tokens, JWT checks, then identity pool credentials.

A user pool is a user directory that signs users in and issues three tokens: an ID
token (who the user is, for your app), an access token (what the user may do, for
your API) and a refresh token (to get new ones). A user created by an administrator
must choose a new password at first sign-in: the NEW_PASSWORD_REQUIRED challenge.
Your backend must verify a token before trusting it: the RS256 signature against
the pool's public keys (JWKS), the issuer, `token_use`, and the app client id
(`aud` in an ID token, `client_id` in an access token). An identity pool then swaps
the ID token for temporary AWS credentials.

Emulator vs AWS:
- moto serves the JWKS at the pool's usual address,
  `https://cognito-idp.REGION.amazonaws.com/POOL_ID/.well-known/jwks.json`, but every
  pool in moto signs with the same key pair (kid "dummy"), and its private key ships
  inside moto. Never accept moto-signed tokens outside tests.
- moto does not check the app client's ExplicitAuthFlows: on AWS, USER_PASSWORD_AUTH
  works only if the client allows ALLOW_USER_PASSWORD_AUTH, as this one does.
- moto's identity pool does not validate the login token it is given: a made-up
  token gets an identity too, where AWS answers NotAuthorizedException.
- moto has no refresh token rotation (GetTokensFromRefreshToken): the refresh step
  shows the behaviour of an app client with rotation off, AWS's default.
- moto does not implement SetIdentityPoolRoles and hands out fixed dummy credentials
  without assuming any role. On AWS the identity pool needs an authenticated role,
  and the credentials carry that role's permissions.
"""

from __future__ import annotations

import datetime as dt

import boto3
import jwt
import requests
from moto import mock_aws

REGION = "us-east-1"
USERNAME = "alice"
TEMPORARY_PASSWORD = "Temp-Passw0rd!"
NEW_PASSWORD = "N3w-Passw0rd!"


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


def create_pool_and_client(idp) -> tuple[str, str]:
    pool_id = idp.create_user_pool(PoolName="learners")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="web",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def sign_in_first_time(idp, pool_id: str, client_id: str) -> tuple[str, dict]:
    """Admin-created user: the first sign-in answers a challenge, not tokens. Returns (challenge, tokens)."""
    idp.admin_create_user(UserPoolId=pool_id, Username=USERNAME, TemporaryPassword=TEMPORARY_PASSWORD, MessageAction="SUPPRESS")
    first = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": USERNAME, "PASSWORD": TEMPORARY_PASSWORD},
    )
    answered = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName=first["ChallengeName"],
        Session=first["Session"],
        ChallengeResponses={"USERNAME": USERNAME, "NEW_PASSWORD": NEW_PASSWORD},
    )
    return first["ChallengeName"], answered["AuthenticationResult"]


def issuer_of(pool_id: str) -> str:
    return f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}"


def verify_token(token: str, pool_id: str, client_id: str, token_use: str) -> dict:
    """Verify like a backend must: signature (JWKS), exp, iss, token_use, and the app client id."""
    jwks = requests.get(f"{issuer_of(pool_id)}/.well-known/jwks.json", timeout=5).json()
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(jwt.PyJWK(k) for k in jwks["keys"] if k["kid"] == kid)
    claims = jwt.decode(
        token,
        key,
        algorithms=["RS256"],
        issuer=issuer_of(pool_id),
        # An ID token names the client in `aud`; an access token has no `aud` but a `client_id` claim.
        audience=client_id if token_use == "id" else None,
        options={"verify_aud": token_use == "id"},
    )
    if claims["token_use"] != token_use:
        raise jwt.InvalidTokenError(f"expected token_use={token_use}, got {claims['token_use']}")
    if token_use == "access" and claims["client_id"] != client_id:
        raise jwt.InvalidTokenError("access token issued to another app client")
    return claims


def identity_pool_credentials(session: boto3.Session, pool_id: str, client_id: str, id_token: str) -> dict:
    """Exchange an ID token for temporary AWS credentials through an identity pool."""
    identity = session.client("cognito-identity")
    provider = f"cognito-idp.{REGION}.amazonaws.com/{pool_id}"
    identity_pool_id = identity.create_identity_pool(
        IdentityPoolName="learners",
        AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[{"ProviderName": provider, "ClientId": client_id}],
    )["IdentityPoolId"]
    # On AWS you would now call set_identity_pool_roles with the authenticated role whose
    # permissions these credentials carry; moto does not implement that call.
    logins = {provider: id_token}
    identity_id = identity.get_id(IdentityPoolId=identity_pool_id, Logins=logins)["IdentityId"]
    return identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)["Credentials"]


def main() -> None:
    with mock_aws():
        session = aws_session()
        idp = session.client("cognito-idp")
        pool_id, client_id = create_pool_and_client(idp)

        challenge, tokens = sign_in_first_time(idp, pool_id, client_id)
        print("first sign-in answered with:", challenge)
        #> first sign-in answered with: NEW_PASSWORD_REQUIRED
        print("after the new password:", sorted(k for k in tokens if k.endswith("Token")), tokens["TokenType"], tokens["ExpiresIn"])
        #> after the new password: ['AccessToken', 'IdToken', 'RefreshToken'] Bearer 3600

        id_claims = verify_token(tokens["IdToken"], pool_id, client_id, "id")
        print("ID token:", id_claims["token_use"], "| aud is the app client:", id_claims["aud"] == client_id,
              "| user:", id_claims["cognito:username"])
        #> ID token: id | aud is the app client: True | user: alice
        access_claims = verify_token(tokens["AccessToken"], pool_id, client_id, "access")
        print("access token:", access_claims["token_use"], "| client_id is the app client:", access_claims["client_id"] == client_id,
              "| has aud:", "aud" in access_claims)
        #> access token: access | client_id is the app client: True | has aud: False
        print("issuer is the pool:", id_claims["iss"] == issuer_of(pool_id) == access_claims["iss"])
        #> issuer is the pool: True

        # What a careful backend rejects.
        header, payload, signature = tokens["IdToken"].split(".")
        forged = ".".join([header, payload, ("A" if signature[0] != "A" else "B") + signature[1:]])
        checks = {
            "altered signature": lambda: verify_token(forged, pool_id, client_id, "id"),
            "access token where an ID token is expected": lambda: verify_token(tokens["AccessToken"], pool_id, client_id, "id"),
            "ID token for another app client": lambda: verify_token(tokens["IdToken"], pool_id, "another-client", "id"),
        }
        for label, check in checks.items():
            try:
                check()
                print(f"{label}: accepted")
            except jwt.InvalidTokenError as err:
                print(f"{label}: rejected ({type(err).__name__})")
        #> altered signature: rejected (InvalidSignatureError)
        #> access token where an ID token is expected: rejected (MissingRequiredClaimError)
        #> ID token for another app client: rejected (InvalidAudienceError)

        # Without refresh token rotation (the default, and all moto offers), a refresh returns new
        # ID and access tokens only. With RefreshTokenRotation on, clients call
        # GetTokensFromRefreshToken instead and also get a new refresh token.
        refreshed = idp.initiate_auth(
            ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]}
        )["AuthenticationResult"]
        print("REFRESH_TOKEN_AUTH returns:", sorted(k for k in refreshed if k.endswith("Token")))
        #> REFRESH_TOKEN_AUTH returns: ['AccessToken', 'IdToken']

        credentials = identity_pool_credentials(session, pool_id, client_id, tokens["IdToken"])
        print("identity pool credentials:", sorted(credentials))
        #> identity pool credentials: ['AccessKeyId', 'Expiration', 'SecretKey', 'SessionToken']
        print("they expire:", credentials["Expiration"] > dt.datetime.now(dt.timezone.utc))
        #> they expire: True

        # moto's leniency, shown so nobody mistakes it for AWS behaviour.
        identity = session.client("cognito-identity")
        pool = identity.list_identity_pools(MaxResults=1)["IdentityPools"][0]["IdentityPoolId"]
        made_up = identity.get_id(IdentityPoolId=pool, Logins={f"cognito-idp.{REGION}.amazonaws.com/{pool_id}": "not-a-token"})
        print("moto gave an identity for a made-up token:", "IdentityId" in made_up, "(AWS: NotAuthorizedException)")
        #> moto gave an identity for a made-up token: True (AWS: NotAuthorizedException)


if __name__ == "__main__":
    main()
