"""User pool (who you are, tokens) and identity pool (AWS credentials through STS), with API
Gateway checking user pool tokens through a Cognito authorizer."""

from diagrams.aws.compute import LambdaFunction
from diagrams.aws.general import GenericSamlToken, User
from diagrams.aws.mobile import APIGateway
from diagrams.aws.security import Cognito, IdentityAndAccessManagementIamAWSSts as STS
from diagrams.aws.storage import SimpleStorageServiceS3

from _flow import Flow

flow = Flow(
    "cognito-pools-flow",
    title="Cognito user pools and identity pools",
    caption="A user pool signs users in and issues tokens; an identity pool trades a token for temporary AWS credentials through STS; API Gateway can accept user pool tokens directly.",
    alt=(
        "Flow diagram. A user signs in to a Cognito user pool, directly or through a federated identity "
        "provider, and receives ID, access and refresh tokens. The app sends the ID token to a Cognito "
        "identity pool, which calls AWS STS AssumeRoleWithWebIdentity on the app's behalf and returns temporary AWS "
        "credentials; the app uses them to call an AWS service such as Amazon S3. Separately, the app "
        "calls API Gateway with a user pool token, a Cognito authorizer validates it, and API Gateway "
        "invokes the backend."
    ),
    direction="TB",
)
flow.node("user", User, "User in your app", name="the app")
flow.node("idp", GenericSamlToken, "Federated IdP\n(SAML, OIDC,\nsocial)", name="a federated IdP")
flow.node("userpool", Cognito, "User pool\n(authentication)", cluster="Amazon Cognito", name="the user pool")
flow.node("idpool", Cognito, "Identity pool\n(authorization)", cluster="Amazon Cognito", name="the identity pool")
flow.node("sts", STS, "AWS STS", name="AWS STS")
flow.node("s3", SimpleStorageServiceS3, "AWS service\n(e.g. Amazon S3)", name="an AWS service such as Amazon S3")
flow.node("apigw", APIGateway, "API Gateway\n(Cognito authorizer)", cluster="API path", name="API Gateway")
flow.node("backend", LambdaFunction, "Backend\n(e.g. Lambda)", cluster="API path", name="the backend")

flow.link("idp", "userpool", "federation")
flow.step(
    "user",
    "userpool",
    "sign in",
    note="Directly with a user name and password, or through a federated identity provider the user pool trusts.",
)
flow.step(
    "userpool", "user", "tokens (JWT)", note="The user pool returns an ID token, an access token and a refresh token."
)
flow.step("user", "idpool", "ID token")
flow.step(
    "idpool",
    "sts",
    "AssumeRoleWith-\nWebIdentity\n(on your behalf)",
    note="In the enhanced flow the identity pool picks the IAM role for authenticated users and calls STS AssumeRoleWithWebIdentity for you; in the basic flow your app makes that call itself.",
)
flow.step("idpool", "user", "temporary\ncredentials", constraint="false")
flow.step("user", "s3", "signed call\n(SigV4)")
flow.step(
    "user",
    "apigw",
    "request\n+ token",
    note="The app sends the user pool token in the Authorization header (or the header the authorizer names).",
)
flow.step(
    "apigw",
    "userpool",
    "validate token",
    constraint="false",
    note="The Cognito authorizer checks the token was issued by the user pool and has not expired; no identity pool is involved.",
)
flow.step("apigw", "backend", "invoke if valid")
flow.render()
