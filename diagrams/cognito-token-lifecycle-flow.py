"""A user pool session from sign-in to revocation: the app signs in, sends the access token to an
API, renews the session with the refresh token, and ends it with RevokeToken or a global sign-out,
after which Cognito refuses the refresh token while an API that checks only signatures does not."""

from diagrams.aws.compute import LambdaFunction
from diagrams.aws.general import User
from diagrams.aws.mobile import APIGateway
from diagrams.aws.security import Cognito

from _flow import Flow

flow = Flow(
    "cognito-token-lifecycle-flow",
    title="A user pool session: sign-in, refresh and revocation",
    caption="The refresh token renews a session only at the user pool; revoking it or signing out ends renewal, while access tokens already issued stay valid for any API that checks only their signature, until they expire.",
    alt=(
        "Flow diagram. An app calls InitiateAuth on a Cognito user pool with an allowed sign-in flow and, "
        "for a client with a secret, a SECRET_HASH; the pool returns an ID token, an access token and a "
        "refresh token. The app sends the access token to API Gateway, whose authorizer checks it and "
        "invokes the back end. When the access token expires, the app sends the refresh token back to the "
        "user pool with REFRESH_TOKEN_AUTH and gets new ID and access tokens. To end the session the app "
        "calls RevokeToken or GlobalSignOut; afterwards the user pool refuses the refresh token, but an "
        "access token already issued passes a signature-only check until it expires."
    ),
    direction="LR",
)
flow.node("app", User, "App\n(public or\nconfidential client)", name="the app")
flow.node("pool", Cognito, "User pool\n(app client settings:\nflows, lifetimes,\nrevocation)", name="the user pool")
flow.node("api", APIGateway, "API Gateway\n(JWT or Cognito\nauthorizer)", cluster="Your API", name="API Gateway")
flow.node("backend", LambdaFunction, "Back end", cluster="Your API", name="the back end")

flow.step(
    "app",
    "pool",
    "InitiateAuth\n(flow + SECRET_HASH)",
    note="The flow must be allowed in the app client's ExplicitAuthFlows; a client with a secret adds SECRET_HASH to every request.",
)
flow.step(
    "pool",
    "app",
    "ID, access and\nrefresh tokens",
    note="Lifetimes come from the app client: IdTokenValidity, AccessTokenValidity, RefreshTokenValidity and TokenValidityUnits.",
)
flow.step(
    "app",
    "api",
    "access token\n(Authorization header)",
    note="Scopes travel in the access token; the refresh token never goes to an API.",
)
flow.step(
    "api",
    "backend",
    "invoke if valid",
    note="The authorizer checks signature, expiry, issuer and audience (and scopes, when the route lists them).",
)
flow.step(
    "app",
    "pool",
    "REFRESH_TOKEN_AUTH\n(refresh token)",
    note="Without rotation the pool returns new ID and access tokens; with rotation, GetTokensFromRefreshToken also returns a new refresh token.",
)
flow.step("pool", "app", "new ID and\naccess tokens", constraint="false")
flow.step(
    "app",
    "pool",
    "RevokeToken or\nGlobalSignOut",
    constraint="false",
    note="RevokeToken ends one refresh token and its access tokens; GlobalSignOut (or AdminUserGlobalSignOut) ends all of the user's sessions.",
)
flow.step(
    "pool",
    "app",
    "refresh refused",
    constraint="false",
    note="Cognito's own APIs now refuse the revoked tokens; an access token already issued still passes a signature-only check until it expires.",
)
flow.render()
