"""How AWS decides one request in one account: explicit denies first, then the organization's
guardrails (SCPs and RCPs), a resource-based policy that may allow on its own, the identity-based
policy, the permissions boundary and the session policy, and an implicit deny when nothing allows.
The order follows the IAM User Guide's evaluation logic; role trust policies and KMS key policies
are the two resource policies that must allow before anything else counts."""

from diagrams.aws.general import User
from diagrams.aws.security import IdentityAndAccessManagementIam as IAM

from _flow import Flow

flow = Flow(
    "iam-policy-evaluation-flow",
    title="IAM policy evaluation for one request",
    caption=(
        "One request, one account: any explicit Deny ends it; SCPs and RCPs must allow; a resource-based "
        "policy may allow on its own; otherwise the identity-based policy must allow, and a boundary and a "
        "session policy, where present, must allow too. Nothing allowing means an implicit deny."
    ),
    alt=(
        "Flow chart of IAM policy evaluation. A principal sends a signed request. Step 1: AWS gathers every "
        "policy that applies and looks for an explicit Deny; one Deny anywhere denies the request. Step 2: the "
        "service control policies and resource control policies of AWS Organizations must allow the request. "
        "Step 3: a resource-based policy in the same account that allows the request can allow it without an "
        "identity-based allow; a role trust policy and a KMS key policy are different, they must allow first. "
        "Step 4: otherwise the identity-based policy must allow. Step 5: a permissions boundary, if set, must "
        "also allow. Step 6: a session policy, if the session has one, must also allow. Step 7: the request is "
        "allowed; at any step where nothing allows, the result is an implicit deny."
    ),
    direction="TB",
)
flow.node("principal", User, "Principal\n(signed request)", name="the principal")
flow.node("deny", None, "Explicit Deny in\nany policy?\nyes: DENY", name="the explicit deny check")
flow.node("org", None, "SCPs and RCPs\n(AWS Organizations)\nallow? no: DENY", name="the SCP and RCP check")
flow.node(
    "resource", None, "Resource-based policy\nallows? yes: ALLOW\n(same account)", name="the resource-based policy"
)
flow.node(
    "exception",
    None,
    "Exceptions: a role trust\npolicy and a KMS key policy\nmust allow (or delegate)\nbefore IAM policies count",
    name="the exceptions",
)
flow.node("identity", IAM, "Identity-based\npolicy allows?\nno: implicit DENY", name="the identity-based policy")
flow.node("boundary", None, "Permissions boundary\n(if set) allows?\nno: DENY", name="the permissions boundary")
flow.node("session", None, "Session policy\n(if passed) allows?\nno: DENY", name="the session policy")
flow.node("decision", None, "ALLOW", name="the decision")

flow.step(
    "principal",
    "deny",
    "request\n+ context",
    note="AWS authenticates the caller, builds the request context (principal, action, resource, condition values) and collects every policy that applies.",
)
flow.step(
    "deny",
    "org",
    "no Deny",
    note="An explicit Deny in any policy type (identity, resource, boundary, session, SCP or RCP) ends the evaluation with a deny.",
)
flow.step(
    "org",
    "resource",
    "allowed",
    note="SCPs cap what the account's principals may do; RCPs cap what may be done to the account's resources. Neither grants anything.",
)
flow.step(
    "resource",
    "identity",
    "no allow\nhere",
    note="In one account a resource-based policy that allows the request can allow it without an identity-based allow. A role trust policy and a KMS key policy are exceptions: they must allow the caller (a key policy may delegate to IAM) before any identity policy counts. Across accounts both sides must allow.",
)
flow.step(
    "identity",
    "boundary",
    "allowed",
    note="With no resource-based allow, an identity-based policy (AWS managed, customer managed or inline) must allow the request; without one the result is an implicit deny.",
)
flow.step(
    "boundary",
    "session",
    "allowed",
    note="A permissions boundary caps the identity-based permissions: the result is the intersection of the two.",
)
flow.step(
    "session",
    "decision",
    "allowed",
    note="A session policy passed to AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML or GetFederationToken narrows the session further; it never widens it.",
)
flow.link("exception", "resource", "applies to")
flow.same_rank("resource", "exception")
flow.render()
