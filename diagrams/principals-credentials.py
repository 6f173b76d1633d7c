"""Every way a caller gets credentials (IAM user, roles for EC2 and services, federation,
cross-account roles) ends in the same place: a request signed with Signature Version 4."""

from diagrams.aws.compute import EC2, LambdaFunction
from diagrams.aws.general import GenericSamlToken, User
from diagrams.aws.management import OrganizationsAccount
from diagrams.aws.security import (
    IdentityAndAccessManagementIamAWSSts as STS,
    IdentityAndAccessManagementIamLongTermSecurityCredential as LongTerm,
    IdentityAndAccessManagementIamTemporarySecurityCredential as Temporary,
    KeyManagementService,
)

from _flow import Flow

flow = Flow(
    "principals-credentials",
    title="Principals, credentials and signed requests",
    caption="IAM users hold long-term keys; roles (for EC2, AWS services, federated users and other accounts) give temporary credentials from STS; every AWS API request is signed with SigV4.",
    alt=(
        "Diagram. An IAM user signs requests with long-term access keys. An EC2 instance through its instance "
        "profile, an AWS service such as Lambda through its execution role, a federated user through a SAML 2.0 or "
        "OIDC identity provider, and a principal in another account through a cross-account role all obtain temporary "
        "credentials from AWS STS. Both kinds of credentials produce requests signed with Signature Version 4 "
        "to an AWS API such as AWS KMS."
    ),
    direction="TB",
)
flow.node("iamuser", User, "IAM user", name="an IAM user")
flow.node("ec2", EC2, "EC2 instance\n(instance profile)", name="an EC2 instance")
flow.node("service", LambdaFunction, "AWS service\n(e.g. Lambda\nexecution role)", name="an AWS service")
flow.node("federated", GenericSamlToken, "Federated user\n(SAML 2.0 or\nOIDC provider)", name="a federated user")
flow.node("other", OrganizationsAccount, "Principal in\nanother account", name="a principal in another account")
flow.node("sts", STS, "AWS STS\n(assume an IAM role)", name="AWS STS")
flow.node("longterm", LongTerm, "Long-term\naccess keys", name="long-term access keys")
flow.node("temporary", Temporary, "Temporary credentials\n(key, secret,\nsession token)", name="temporary credentials")
flow.node("api", KeyManagementService, "AWS API\n(e.g. AWS KMS)", name="an AWS API such as AWS KMS")

flow.step(
    "iamuser",
    "longterm",
    "own access keys",
    note="Long-term keys that stay valid until rotated or deleted; AWS now recommends federation or IAM Identity Center instead.",
)
flow.step(
    "ec2",
    "sts",
    "role via\ninstance profile",
    note="EC2 assumes the role and the SDK reads the credentials from the instance metadata service.",
)
flow.step("service", "sts", "service assumes\nits role")
flow.step("federated", "sts", "AssumeRoleWithSAML /\nWithWebIdentity")
flow.step(
    "other",
    "sts",
    "AssumeRole\n(cross-account)",
    note="The role's trust policy must name the other account, and that account must allow sts:AssumeRole.",
)
flow.step("sts", "temporary", "issues")
flow.step("longterm", "api", "SigV4-signed\nrequest")
flow.step("temporary", "api", "SigV4-signed\nrequest")
flow.render()
