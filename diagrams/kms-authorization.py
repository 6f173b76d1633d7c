"""Who may use a KMS key: the key policy (always), IAM policies (only when the key policy
allows it), grants, and a cross-account call that both accounts must allow."""

from diagrams.aws.general import User
from diagrams.aws.security import (
    IdentityAndAccessManagementIamRole as Role,
    KeyManagementService,
)

from _flow import Flow

OWNER = "Account A (owns the KMS key)"
OTHER = "Account B"

flow = Flow(
    "kms-authorization",
    title="KMS authorization: key policy, IAM policy, grant",
    caption="Every KMS key has a key policy; IAM policies count only if the key policy lets them; a grant is a third way in; cross-account use needs a yes from both accounts.",
    alt=(
        "Diagram of KMS authorization. In account A a principal sends a request to a KMS key. The key policy "
        "is always evaluated. An IAM policy in account A counts only when the key policy lets IAM policies "
        "grant access. A grant can also allow the operation. A role in account B calls the key by its key ARN; "
        "the call succeeds only if the key policy in account A allows account B and an IAM policy in account B "
        "allows the action."
    ),
    direction="TB",
)
# Declared right to left: in this layout Graphviz places a row in reverse order, and the
# boxes should read principal, key policy, IAM policy, grant (steps 1 to 4) from the left.
flow.node("grant", None, "Grant (CreateGrant)\none grantee,\nlisted operations", cluster=OWNER, name="a grant")
flow.node("key", KeyManagementService, "KMS key", cluster=OWNER, name="the KMS key")
flow.node(
    "iama",
    None,
    "IAM policy\ncounts only if the\nkey policy allows it",
    cluster=OWNER,
    name="an IAM policy in account A",
)
flow.node(
    "keypolicy", None, "Key policy\nevery key has one;\ncan enable IAM policies", cluster=OWNER, name="the key policy"
)
flow.node("principal", User, "Principal\n(user or role)", cluster=OWNER, name="a principal in account A")
flow.node("roleb", Role, "Role in\naccount B", cluster=OTHER, name="a role in account B")
flow.node(
    "iamb",
    None,
    "IAM policy in B\nallows the KMS action\non the key ARN",
    cluster=OTHER,
    name="an IAM policy in account B",
)

flow.step("principal", "key", "request\n(e.g. Decrypt)")
flow.step(
    "keypolicy",
    "key",
    "allows?",
    note="Every KMS key has one key policy you write (named default). It can allow principals directly, and it decides whether IAM policies count at all.",
)
flow.step(
    "iama",
    "key",
    "allows?",
    note="Evaluated only when the key policy gives the account (root principal) access, which delegates to IAM.",
)
flow.step(
    "grant",
    "key",
    "or allows",
    note="A grant lets a grantee principal use the key for the operations it lists, often temporarily and for AWS services.",
)
flow.step(
    "roleb",
    "key",
    "cross-account\nrequest (key ARN)",
    note="Works only if both say yes: the key policy in A allows account B (or the role), and an IAM policy in B allows the action.",
)
flow.step("iamb", "roleb", "allows")
flow.render()
