"""Proofs for quiz answers: each test demonstrates one claim a question sheet relies on.

A question names its proof with `proof: tests/test_proofs.py::test_<claim>`. The claims are shown
with the runnable examples in docs/_examples/ against moto, or read from AWS's own API models that
botocore ships (the offline authority for names and limits). Where moto is more lenient than AWS,
the proof rests on the API model instead, never on moto's leniency.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
from types import ModuleType

import botocore.session
import jwt
import pytest
import requests
from botocore.exceptions import ClientError, ParamValidationError
from moto import mock_aws

from macros.examples import EXAMPLES_DIR

# One xdist worker runs every proof and then test_quiz_bank.py::test_proofs_pass, which reads their outcomes.
pytestmark = [pytest.mark.emulator, pytest.mark.xdist_group("proofs")]

KMS_MODEL = botocore.session.get_session().get_service_model("kms")
IDP_MODEL = botocore.session.get_session().get_service_model("cognito-idp")
IDENTITY_MODEL = botocore.session.get_session().get_service_model("cognito-identity")
SYNC_MODEL = botocore.session.get_session().get_service_model("cognito-sync")


def example(name: str) -> ModuleType:
    """Import docs/_examples/<name>.py as a module (the folder is not a package)."""
    module_name = f"docs_examples_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, EXAMPLES_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def prose(html: str | None) -> str:
    """API model documentation as plain text: tags removed, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html or "").split())


def member(model, operation: str, name: str, output: bool = False):
    op = model.operation_model(operation)
    return (op.output_shape if output else op.input_shape).members[name]


@pytest.fixture(autouse=True, scope="module")
def one_model_cache_for_every_session():
    """Each proof makes its own boto3 session, as the examples do, and botocore reads a service's
    API model from disk once per session: a megabyte of JSON for cognito-idp, again for each proof
    (about half the time these proofs took). The sessions made here share one cache of what
    botocore read, as the clients of a single session do."""
    cache: dict = {}
    create_loader = botocore.session.create_loader

    def loader_with_shared_cache(search_path_string=None):
        loader = create_loader(search_path_string)
        loader._cache = cache  # botocore.loaders.instance_cache keeps its results here
        return loader

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(botocore.session, "create_loader", loader_with_shared_cache)
        yield


@pytest.fixture
def session():
    with mock_aws():
        yield example("envelope_encryption").aws_session()


@pytest.fixture
def kms(session):
    return session.client("kms")


@pytest.fixture
def key_id(kms):
    return kms.create_key(Description="proof")["KeyMetadata"]["KeyId"]


def error_code(call) -> str:
    try:
        call()
    except ClientError as err:
        return err.response["Error"]["Code"]
    return "no error"


# --- KMS: data keys and envelope encryption -------------------------------------------------


def test_generate_data_key_returns_plaintext_and_encrypted_copies(kms, key_id):
    response = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    assert len(response["Plaintext"]) == 32
    # The encrypted copy decrypts, through KMS, to the very same key.
    assert kms.decrypt(CiphertextBlob=response["CiphertextBlob"])["Plaintext"] == response["Plaintext"]


def test_generate_data_key_without_plaintext_returns_no_plaintext(kms, key_id):
    response = kms.generate_data_key_without_plaintext(KeyId=key_id, KeySpec="AES_256")
    assert "Plaintext" not in response and response["CiphertextBlob"]
    assert "Plaintext" not in KMS_MODEL.operation_model("GenerateDataKeyWithoutPlaintext").output_shape.members
    # The plaintext key is obtained later, with Decrypt, by whoever needs it.
    assert len(kms.decrypt(CiphertextBlob=response["CiphertextBlob"])["Plaintext"]) == 32


def test_encrypt_plaintext_limit_is_4096_bytes(kms, key_id):
    assert member(KMS_MODEL, "Encrypt", "Plaintext").metadata["max"] == 4096
    assert error_code(lambda: kms.encrypt(KeyId=key_id, Plaintext=b"x" * 4096)) == "no error"
    assert error_code(lambda: kms.encrypt(KeyId=key_id, Plaintext=b"x" * 4097)) == "ValidationException"


def test_envelope_encryption_handles_data_larger_than_4_kb(kms, key_id):
    envelope_encryption = example("envelope_encryption")
    document = b"A" * 1_000_000
    assert error_code(lambda: kms.encrypt(KeyId=key_id, Plaintext=document)) == "ValidationException"
    envelope = envelope_encryption.encrypt_document(kms, key_id, document)
    assert set(envelope) == {"encrypted_data_key", "nonce", "ciphertext"}  # no plaintext key is stored
    assert envelope_encryption.decrypt_document(kms, envelope) == document


def test_data_key_made_without_plaintext_is_used_through_decrypt(kms, key_id):
    stored = example("data_key_without_plaintext").provision_encrypted_key(kms, key_id)
    plaintext_key = kms.decrypt(CiphertextBlob=stored)["Plaintext"]
    assert len(plaintext_key) == 32
    # Asking GenerateDataKey again gives a new random key, not the stored one.
    again = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")["Plaintext"]
    assert again != plaintext_key
    # ReEncrypt never hands plaintext back: its response has no Plaintext member.
    assert "Plaintext" not in KMS_MODEL.operation_model("ReEncrypt").output_shape.members


def test_reencrypt_moves_ciphertext_to_another_key_inside_kms(kms, key_id):
    key_b = kms.create_key(Description="key B")["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"small secret")["CiphertextBlob"]
    moved = kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=key_b)
    assert "Plaintext" not in moved and moved["SourceKeyId"].endswith(key_id)
    decrypted = kms.decrypt(CiphertextBlob=moved["CiphertextBlob"])
    assert decrypted["KeyId"].endswith(key_b) and decrypted["Plaintext"] == b"small secret"
    permissions = " ".join(re.sub(r"<[^>]+>", "", KMS_MODEL.operation_model("ReEncrypt").documentation).split())
    assert "kms:ReEncryptFrom permission on the source KMS key" in permissions
    assert "kms:ReEncryptTo permission on the destination KMS key" in permissions


def test_decrypt_needs_no_key_id_for_symmetric_ciphertext(kms, key_id):
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"secret")["CiphertextBlob"]
    assert "KeyId" not in KMS_MODEL.operation_model("Decrypt").input_shape.required_members
    response = kms.decrypt(CiphertextBlob=blob)  # no KeyId: the blob's metadata names the key
    assert response["Plaintext"] == b"secret" and response["KeyId"].endswith(key_id)


def test_generate_data_key_number_of_bytes_is_at_most_1024():
    assert member(KMS_MODEL, "GenerateDataKey", "NumberOfBytes").metadata == {"min": 1, "max": 1024}


# --- KMS: encryption context ----------------------------------------------------------------

CONTEXT = {"tenant": "acme", "purpose": "invoice"}


@pytest.fixture
def context_blob(kms, key_id):
    return kms.encrypt(KeyId=key_id, Plaintext=b"invoice", EncryptionContext=CONTEXT)["CiphertextBlob"]


def test_decrypt_fails_when_encryption_context_differs(kms, context_blob):
    assert (
        error_code(lambda: kms.decrypt(CiphertextBlob=context_blob, EncryptionContext={**CONTEXT, "tenant": "globex"}))
        == "InvalidCiphertextException"
    )
    assert (
        error_code(lambda: kms.decrypt(CiphertextBlob=context_blob, EncryptionContext={**CONTEXT, "year": "2026"}))
        == "InvalidCiphertextException"
    )
    assert (
        error_code(lambda: kms.decrypt(CiphertextBlob=context_blob, EncryptionContext={**CONTEXT, "tenant": "ACME"}))
        == "InvalidCiphertextException"
    )
    assert error_code(lambda: kms.decrypt(CiphertextBlob=context_blob)) == "InvalidCiphertextException"
    assert kms.decrypt(CiphertextBlob=context_blob, EncryptionContext=CONTEXT)["Plaintext"] == b"invoice"


def test_decrypt_fails_when_encryption_context_is_missing(kms, context_blob):
    assert error_code(lambda: kms.decrypt(CiphertextBlob=context_blob)) == "InvalidCiphertextException"


def test_encryption_context_is_case_sensitive(kms, context_blob):
    assert (
        error_code(
            lambda: kms.decrypt(CiphertextBlob=context_blob, EncryptionContext={"Tenant": "acme", "purpose": "invoice"})
        )
        == "InvalidCiphertextException"
    )


def test_encryption_context_pair_order_does_not_matter(kms, context_blob):
    reordered = dict(reversed(list(CONTEXT.items())))
    assert list(reordered) != list(CONTEXT)
    assert kms.decrypt(CiphertextBlob=context_blob, EncryptionContext=reordered)["Plaintext"] == b"invoice"


def test_decrypt_does_not_return_the_encryption_context(kms, context_blob):
    assert "EncryptionContext" not in KMS_MODEL.operation_model("Decrypt").output_shape.members
    assert "EncryptionContext" not in kms.decrypt(CiphertextBlob=context_blob, EncryptionContext=CONTEXT)


def test_encryption_context_is_logged_in_plaintext_so_must_not_be_secret():
    doc = prose(member(KMS_MODEL, "Encrypt", "EncryptionContext").documentation)
    assert "Do not include confidential or sensitive information in this field." in doc
    assert "This field may be displayed in plaintext in CloudTrail logs" in doc


def test_encryption_context_example_output_matches_these_claims(capsys):
    example("encryption_context").main()
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith("-> invoice 42: 1,200 EUR") and printed[1].endswith("-> invoice 42: 1,200 EUR")
    assert all(line.endswith("-> InvalidCiphertextException") for line in printed[2:7])


# --- KMS: keys, aliases, rotation, policy, deletion -----------------------------------------


def test_rotation_period_is_90_to_2560_days():
    assert example("kms_keys").rotation_period_bounds() == (90, 2560)


def test_rotation_period_180_days_and_on_demand_rotation_are_supported(kms, key_id):
    low, high = example("kms_keys").rotation_period_bounds()
    assert low <= 180 <= high and not low <= 30 <= high
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=180)
    with pytest.raises(ParamValidationError):
        kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=30)
    assert "RotateKeyOnDemand" in KMS_MODEL.operation_names
    kms.rotate_key_on_demand(KeyId=key_id)


def test_automatic_rotation_is_only_for_symmetric_encryption_keys():
    # moto lets you enable rotation on any key, so this rests on AWS's own API documentation.
    doc = " ".join(KMS_MODEL.operation_model("EnableKeyRotation").documentation.split())
    assert "Automatic key rotation is supported only on symmetric encryption KMS keys." in doc
    for kind in (
        "asymmetric KMS keys",
        "HMAC KMS keys",
        "KMS keys with imported key material",
        "KMS keys in a custom key store",
    ):
        assert kind in re.sub(r"<[^>]+>", "", doc)


def test_default_rotation_period_is_365_days():
    assert (
        "the default value is 365 days" in member(KMS_MODEL, "EnableKeyRotation", "RotationPeriodInDays").documentation
    )


def test_automatic_rotation_is_off_until_enabled(kms, key_id):
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is False
    kms.enable_key_rotation(KeyId=key_id)
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is True


def test_on_demand_rotation_is_an_api_call(kms, key_id):
    assert "RotateKeyOnDemand" in KMS_MODEL.operation_names
    kms.rotate_key_on_demand(KeyId=key_id)
    assert [r["RotationType"] for r in kms.list_key_rotations(KeyId=key_id)["Rotations"]] == ["ON_DEMAND"]


def test_alias_can_be_repointed_to_another_key(kms, key_id):
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/app", TargetKeyId=key_id)
    old_blob = kms.encrypt(KeyId="alias/app", Plaintext=b"old data")["CiphertextBlob"]
    kms.update_alias(AliasName="alias/app", TargetKeyId=other)
    assert kms.describe_key(KeyId="alias/app")["KeyMetadata"]["KeyId"] == other
    new_blob = kms.encrypt(KeyId="alias/app", Plaintext=b"new data")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=new_blob)["KeyId"].endswith(other)
    # Old ciphertext names its own key, so it still decrypts while that key stays enabled.
    old = kms.decrypt(CiphertextBlob=old_blob)
    assert old["Plaintext"] == b"old data" and old["KeyId"].endswith(key_id)


def test_create_key_makes_no_alias_until_create_alias(kms):
    created = kms.create_key(Description="orders")["KeyMetadata"]
    assert kms.list_aliases(KeyId=created["KeyId"])["Aliases"] == []
    assert error_code(lambda: kms.encrypt(KeyId="alias/orders-key", Plaintext=b"x")) == "NotFoundException"
    kms.create_alias(AliasName="alias/orders-key", TargetKeyId=created["KeyId"])
    assert error_code(lambda: kms.encrypt(KeyId="alias/orders-key", Plaintext=b"x")) == "no error"


def test_alias_name_must_start_with_alias_prefix(kms, key_id):
    doc = member(KMS_MODEL, "CreateAlias", "AliasName").documentation
    assert "must begin with <code>alias/</code>" in doc
    # The alias/aws/ prefix is reserved for AWS managed keys (moto does not enforce this; the model says so).
    assert "cannot begin with <code>alias/aws/</code>" in doc
    assert error_code(lambda: kms.create_alias(AliasName="app", TargetKeyId=key_id)) == "ValidationException"


def test_default_key_policy_gives_the_account_root_full_access(kms, key_id):
    policy = json.loads(kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"])
    [statement] = policy["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    assert statement["Action"] == "kms:*"


def test_a_key_has_one_policy_named_default(kms, key_id):
    assert kms.list_key_policies(KeyId=key_id)["PolicyNames"] == ["default"]


def test_another_accounts_key_is_named_by_key_arn_or_alias_arn():
    # An alias name is resolved in the caller's own account, so it cannot reach a key in another account.
    for operation in ("Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext"):
        doc = prose(member(KMS_MODEL, operation, "KeyId").documentation)
        assert (
            "To specify a KMS key in a different Amazon Web Services account, you must use the key ARN or alias ARN."
            in doc
        )


def test_a_new_grant_is_used_at_once_with_its_grant_token(kms, key_id):
    grant = kms.create_grant(
        KeyId=key_id,
        GranteePrincipal="arn:aws:iam::123456789012:role/worker",
        Operations=["GenerateDataKey", "Decrypt"],
    )
    assert grant["GrantToken"] and grant["GrantId"]
    # The grantee passes the token until the grant is consistent everywhere in KMS.
    response = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", GrantTokens=[grant["GrantToken"]])
    assert len(response["Plaintext"]) == 32
    assert (
        "Use a grant token when your permission to call this operation comes from a new grant that has not yet achieved eventual consistency."
        in prose(member(KMS_MODEL, "GenerateDataKey", "GrantTokens").documentation)
    )
    assert "to use the permissions in the grant immediately, use the GrantToken that CreateGrant returns" in prose(
        KMS_MODEL.operation_model("CreateGrant").documentation
    )


def cross_account_use(operation: str) -> str:
    found = re.search(r"Cross-account use: (Yes|No)", prose(KMS_MODEL.operation_model(operation).documentation))
    assert found, f"{operation}: the KMS model no longer states its cross-account use"
    return found.group(1)


def test_decrypt_and_create_grant_work_across_accounts_but_key_management_does_not():
    assert cross_account_use("Decrypt") == "Yes" and cross_account_use("CreateGrant") == "Yes"
    assert cross_account_use("ScheduleKeyDeletion") == "No" and cross_account_use("PutKeyPolicy") == "No"


def test_key_deletion_waits_7_to_30_days():
    doc = member(KMS_MODEL, "ScheduleKeyDeletion", "PendingWindowInDays").documentation
    assert "it must be between 7 and 30, inclusive" in doc
    assert "it defaults to 30" in doc


def test_scheduled_deletion_can_be_cancelled_and_leaves_the_key_disabled(kms, key_id):
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "PendingDeletion"
    kms.cancel_key_deletion(KeyId=key_id)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Disabled"


# --- Cognito user pools -----------------------------------------------------------------------


@pytest.fixture
def signed_in(session):
    cognito_auth = example("cognito_auth")
    idp = session.client("cognito-idp")
    pool_id, client_id = cognito_auth.create_pool_and_client(idp)
    challenge, tokens = cognito_auth.sign_in_first_time(idp, pool_id, client_id)
    return {"idp": idp, "pool_id": pool_id, "client_id": client_id, "challenge": challenge, "tokens": tokens}


def test_admin_created_user_must_set_a_new_password_first(signed_in):
    assert signed_in["challenge"] == "NEW_PASSWORD_REQUIRED"
    assert "NEW_PASSWORD_REQUIRED" in IDP_MODEL.shape_for("ChallengeNameType").enum


def test_sign_in_returns_id_access_and_refresh_tokens(signed_in):
    tokens = signed_in["tokens"]
    assert {"IdToken", "AccessToken", "RefreshToken"} <= set(tokens)
    assert tokens["TokenType"] == "Bearer"


def test_access_token_has_token_use_access_and_client_id(signed_in):
    claims = example("cognito_auth").verify_token(
        signed_in["tokens"]["AccessToken"], signed_in["pool_id"], signed_in["client_id"], "access"
    )
    assert claims["token_use"] == "access"
    assert claims["client_id"] == signed_in["client_id"] and "aud" not in claims


def test_id_token_aud_is_the_app_client_id(signed_in):
    claims = example("cognito_auth").verify_token(
        signed_in["tokens"]["IdToken"], signed_in["pool_id"], signed_in["client_id"], "id"
    )
    assert claims["token_use"] == "id"
    assert claims["aud"] == signed_in["client_id"]


def test_id_token_carries_the_user_profile_claims(session):
    cognito_auth = example("cognito_auth")
    idp = session.client("cognito-idp")
    pool_id = idp.create_user_pool(PoolName="profiles")["UserPool"]["Id"]
    # moto copies standard attributes into the ID token only when the client lists them as readable.
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="spa", ReadAttributes=["email", "name"])[
        "UserPoolClient"
    ]["ClientId"]
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username="bob",
        TemporaryPassword=cognito_auth.TEMPORARY_PASSWORD,
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}, {"Name": "name", "Value": "Bob"}],
    )
    first = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "bob", "PASSWORD": cognito_auth.TEMPORARY_PASSWORD},
    )
    tokens = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": "bob", "NEW_PASSWORD": cognito_auth.NEW_PASSWORD},
    )["AuthenticationResult"]
    id_claims = cognito_auth.verify_token(tokens["IdToken"], pool_id, client_id, "id")
    access_claims = cognito_auth.verify_token(tokens["AccessToken"], pool_id, client_id, "access")
    assert id_claims["email"] == "bob@example.com" and id_claims["name"] == "Bob"
    assert "email" not in access_claims and "name" not in access_claims


def test_only_the_access_token_carries_scopes(signed_in):
    cognito_auth = example("cognito_auth")
    access = cognito_auth.verify_token(
        signed_in["tokens"]["AccessToken"], signed_in["pool_id"], signed_in["client_id"], "access"
    )
    id_claims = cognito_auth.verify_token(
        signed_in["tokens"]["IdToken"], signed_in["pool_id"], signed_in["client_id"], "id"
    )
    assert "scope" in access and "aws.cognito.signin.user.admin" in access["scope"].split()
    assert "scope" not in id_claims


def test_backend_checks_signature_expiry_and_token_use(signed_in):
    cognito_auth = example("cognito_auth")
    pool_id, client_id, tokens = signed_in["pool_id"], signed_in["client_id"], signed_in["tokens"]
    claims = cognito_auth.verify_token(tokens["AccessToken"], pool_id, client_id, "access")
    assert claims["token_use"] == "access"
    header, payload, signature = tokens["AccessToken"].split(".")
    with pytest.raises(jwt.InvalidSignatureError):
        cognito_auth.verify_token(
            ".".join([header, payload, ("A" if signature[0] != "A" else "B") + signature[1:]]),
            pool_id,
            client_id,
            "access",
        )
    with pytest.raises(jwt.InvalidTokenError, match="expected token_use=access"):
        cognito_auth.verify_token(tokens["IdToken"], pool_id, client_id, "access")
    # One hour and a second later the same token is refused as expired.
    jwks = requests.get(f"{cognito_auth.issuer_of(pool_id)}/.well-known/jwks.json", timeout=5).json()
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(
            tokens["AccessToken"],
            jwt.PyJWK(jwks["keys"][0]),
            algorithms=["RS256"],
            leeway=-3601,
            options={"verify_iat": False},
        )


def test_token_issuer_is_the_user_pool_url(signed_in):
    claims = jwt.decode(signed_in["tokens"]["IdToken"], options={"verify_signature": False})
    assert claims["iss"] == f"https://cognito-idp.us-east-1.amazonaws.com/{signed_in['pool_id']}"


def test_tokens_are_rs256_and_verify_against_the_pool_jwks(signed_in):
    cognito_auth = example("cognito_auth")
    token = signed_in["tokens"]["IdToken"]
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    cognito_auth.verify_token(token, signed_in["pool_id"], signed_in["client_id"], "id")
    header, payload, signature = token.split(".")
    forged = ".".join([header, payload, ("A" if signature[0] != "A" else "B") + signature[1:]])
    with pytest.raises(jwt.InvalidSignatureError):
        cognito_auth.verify_token(forged, signed_in["pool_id"], signed_in["client_id"], "id")


def test_refresh_token_auth_returns_new_id_and_access_tokens(signed_in):
    refreshed = signed_in["idp"].initiate_auth(
        ClientId=signed_in["client_id"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": signed_in["tokens"]["RefreshToken"]},
    )["AuthenticationResult"]
    assert {"IdToken", "AccessToken"} <= set(refreshed) and "RefreshToken" not in refreshed


def test_access_token_is_valid_for_one_hour_by_default(signed_in):
    assert signed_in["tokens"]["ExpiresIn"] == 3600
    doc = member(IDP_MODEL, "CreateUserPoolClient", "AccessTokenValidity").documentation
    assert "your access tokens are valid for one hour" in doc


def test_user_password_auth_must_be_allowed_on_the_app_client():
    assert "ALLOW_USER_PASSWORD_AUTH" in IDP_MODEL.shape_for("ExplicitAuthFlowsListType").member.enum
    assert "USER_PASSWORD_AUTH" in IDP_MODEL.shape_for("AuthFlowType").enum


# --- Cognito identity pools -------------------------------------------------------------------


def test_identity_pool_credentials_are_temporary(session, signed_in):
    credentials = example("cognito_auth").identity_pool_credentials(
        session, signed_in["pool_id"], signed_in["client_id"], signed_in["tokens"]["IdToken"]
    )
    assert set(credentials) == {"AccessKeyId", "SecretKey", "SessionToken", "Expiration"}
    assert credentials["Expiration"] > dt.datetime.now(dt.timezone.utc)
    model_credentials = member(IDENTITY_MODEL, "GetCredentialsForIdentity", "Credentials", output=True)
    assert {"SessionToken", "Expiration"} <= set(model_credentials.members)


def test_enhanced_flow_is_get_id_then_get_credentials_for_identity(session, signed_in):
    identity = session.client("cognito-identity")
    provider = f"cognito-idp.us-east-1.amazonaws.com/{signed_in['pool_id']}"
    pool = identity.create_identity_pool(
        IdentityPoolName="enhanced",
        AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[{"ProviderName": provider, "ClientId": signed_in["client_id"]}],
    )["IdentityPoolId"]
    logins = {provider: signed_in["tokens"]["IdToken"]}
    identity_id = identity.get_id(IdentityPoolId=pool, Logins=logins)["IdentityId"]  # 1st call: an identity id
    credentials = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)[
        "Credentials"
    ]  # 2nd: credentials
    assert {"AccessKeyId", "SecretKey", "SessionToken"} <= set(credentials)
    # GetCredentialsForIdentity needs the IdentityId that only GetId gives, so the order is fixed.
    assert "IdentityId" in IDENTITY_MODEL.operation_model("GetCredentialsForIdentity").input_shape.required_members
    assert "IdentityId" in IDENTITY_MODEL.operation_model("GetId").output_shape.members


def test_identity_pool_takes_the_user_pool_token_in_logins():
    # The key of Logins is the provider name, cognito-idp.<region>.amazonaws.com/<pool id>.
    assert "Logins" in IDENTITY_MODEL.operation_model("GetId").input_shape.members
    assert "Logins" in IDENTITY_MODEL.operation_model("GetCredentialsForIdentity").input_shape.members


# --- Cognito user pool security settings (from the cognito-idp API model) ----------------------


def test_public_user_pool_operations_need_no_iam_signature():
    unsigned = {
        op
        for op in ("SignUp", "InitiateAuth", "RespondToAuthChallenge", "AdminInitiateAuth", "CreateUserPool")
        if IDP_MODEL.operation_model(op).auth_type == "none"
    }
    assert unsigned == {"SignUp", "InitiateAuth", "RespondToAuthChallenge"}  # Admin* and management calls need SigV4


def test_prevent_user_existence_errors_is_an_app_client_setting():
    for operation in ("CreateUserPoolClient", "UpdateUserPoolClient"):
        setting = member(IDP_MODEL, operation, "PreventUserExistenceErrors")
        assert setting.enum == ["LEGACY", "ENABLED"]
    assert "PreventUserExistenceErrors" not in IDP_MODEL.operation_model("CreateUserPool").input_shape.members
    doc = prose(member(IDP_MODEL, "CreateUserPoolClient", "PreventUserExistenceErrors").documentation)
    assert "When ENABLED, suppresses messages that might indicate a valid user exists" in doc


def test_deletion_protection_blocks_delete_user_pool_until_inactive():
    # moto does not implement deletion protection; AWS's API model states the behaviour.
    doc = prose(member(IDP_MODEL, "UpdateUserPool", "DeletionProtection").documentation)
    assert "Amazon Cognito returns an InvalidParameterException error" in doc
    assert "after you deactivate deletion protection in an UpdateUserPool API request" in doc
    assert member(IDP_MODEL, "UpdateUserPool", "DeletionProtection").enum == ["ACTIVE", "INACTIVE"]


def test_user_pool_can_use_a_customer_managed_kms_key():
    config = member(IDP_MODEL, "CreateUserPool", "KeyConfiguration")
    assert list(config.members) == ["KeyType", "KmsKeyArn"]
    assert config.members["KeyType"].enum == ["AWS_OWNED_KEY", "CUSTOMER_MANAGED_KEY"]


# --- AWS SDK request signing ------------------------------------------------------------------


def test_sdk_signs_requests_with_sigv4_automatically(session):
    kms = session.client("kms")
    seen = []
    kms.meta.events.register("before-send", lambda request, **_: seen.append(request.headers.get("Authorization")))
    kms.list_keys()  # no signing code anywhere in the caller
    [authorization] = seen
    authorization = authorization.decode() if isinstance(authorization, bytes) else authorization
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=testing/")
    assert "/us-east-1/kms/aws4_request" in authorization and "Signature=" in authorization


# --- Cognito Sync, Streams and Events (modelled) ---------------------------------------------


def test_kinesis_receives_the_cognito_streams_record(capsys):
    example("sync_to_stream").main()
    printed = capsys.readouterr().out
    assert "consumer got one record, keyed by identity: True" in printed
    assert "'kinesisSyncRecords'" in printed and "dataset: gameState | payload: Inline" in printed


def test_sync_trigger_can_change_records_before_they_are_stored():
    sync = example("sync_to_stream")
    stored = {"coins": {"value": "120", "syncCount": 3}}
    event = sync.sync_trigger_event(
        "us-east-1:pool", "us-east-1:identity", stored, {"coins": "-5", "highScore": "2500"}
    )
    output = sync.sync_trigger_handler(event)
    assert output["datasetRecords"]["coins"]["newValue"] == "120"  # the bad value was refused
    assert output["datasetRecords"]["level"] == {"newValue": "3", "op": "replace"}  # a record was added
    changed = sync.store(stored, output, now_ms=0)
    assert [c["key"] for c in changed] == ["highScore", "level"] and stored["coins"]["value"] == "120"


def test_cognito_streams_is_configured_with_stream_role_and_status():
    streams = SYNC_MODEL.shape_for("CognitoStreams")
    assert list(streams.members) == ["StreamName", "RoleArn", "StreamingStatus"]
    assert streams.members["StreamingStatus"].enum == ["ENABLED", "DISABLED"]
    assert "CognitoStreams" in SYNC_MODEL.operation_model("SetIdentityPoolConfiguration").input_shape.members


def test_cognito_streams_is_set_per_identity_pool_not_per_dataset():
    config = SYNC_MODEL.operation_model("SetIdentityPoolConfiguration").input_shape
    assert "IdentityPoolId" in config.required_members and "CognitoStreams" in config.members
    assert not any("Dataset" in name for name in config.members)
    # A consumer tells datasets apart by the record's dataSetName.
    record = example("sync_to_stream").streams_record("us-east-1:pool", "us-east-1:identity", [], 1, 0)
    assert record["dataSetName"] == "gameState"


def test_sync_trigger_is_set_with_set_cognito_events():
    assert "Events" in SYNC_MODEL.operation_model("SetCognitoEvents").input_shape.required_members


def test_cognito_sync_is_not_emulated_by_moto():
    from moto.backends import list_of_moto_modules

    assert "cognitosync" not in list_of_moto_modules()


# --- IAM policy evaluation and STS (docs/security-review/iam-and-sts.md) ---------------------------

STS_MODEL = botocore.session.get_session().get_service_model("sts")
IAM_MODEL = botocore.session.get_session().get_service_model("iam")


def test_get_session_token_takes_mfa_and_get_federation_token_does_not():
    # MFA context comes from the credentials: only operations with SerialNumber and TokenCode add it.
    session_token = STS_MODEL.operation_model("GetSessionToken").input_shape.members
    federation = STS_MODEL.operation_model("GetFederationToken").input_shape.members
    web_identity = STS_MODEL.operation_model("AssumeRoleWithWebIdentity").input_shape.members
    assert {"SerialNumber", "TokenCode"} <= set(session_token)
    assert not {"SerialNumber", "TokenCode"} & set(federation)
    assert not {"SerialNumber", "TokenCode"} & set(web_identity)
    assert session_token["TokenCode"].metadata["min"] == session_token["TokenCode"].metadata["max"] == 6
    assert "MFA-enabled IAM users must call GetSessionToken" in prose(
        STS_MODEL.operation_model("GetSessionToken").documentation
    )


def test_get_caller_identity_shows_the_assumed_role_session():
    sts_example = example("sts_assume_role")
    with mock_aws():
        session = sts_example.aws_session()
        iam = session.client("iam")
        role = iam.create_role(
            RoleName="Deploy",
            AssumeRolePolicyDocument=sts_example.trust_policy({"AWS": "arn:aws:iam::123456789012:root"}),
        )["Role"]
        creds = session.client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="ci-run-7")["Credentials"]
        me = sts_example.aws_session(creds).client("sts").get_caller_identity()
    assert me["Account"] == "123456789012"
    assert me["Arn"] == "arn:aws:sts::123456789012:assumed-role/Deploy/ci-run-7"
    # AWS's model: the call needs no permission, and a Deny does not stop it.
    text = prose(STS_MODEL.operation_model("GetCallerIdentity").documentation)
    assert "No permissions are required to perform this operation" in text
    assert "explicitly denies access to the sts:GetCallerIdentity action, you can still perform this operation" in text
    assert not STS_MODEL.operation_model("GetCallerIdentity").input_shape.members


def test_decode_authorization_message_takes_the_encoded_message():
    op = STS_MODEL.operation_model("DecodeAuthorizationMessage")
    assert list(op.input_shape.required_members) == ["EncodedMessage"]
    text = prose(op.documentation)
    assert "sts:DecodeAuthorizationMessage" in text
    assert "explicit deny or due to the absence of an explicit allow" in text
    # moto does not implement it, which is why this proof reads the model.
    with mock_aws():
        sts = example("sts_assume_role").aws_session().client("sts")
        with pytest.raises(NotImplementedError):
            sts.decode_authorization_message(EncodedMessage="encoded")


def test_federation_tokens_outlast_role_sessions():
    federation = STS_MODEL.operation_model("GetFederationToken").input_shape.members
    assume_role = STS_MODEL.operation_model("AssumeRole").input_shape.members
    assert federation["DurationSeconds"].metadata["max"] == 129600  # 36 hours
    assert assume_role["DurationSeconds"].metadata["max"] == 43200  # 12 hours
    assert 86400 <= federation["DurationSeconds"].metadata["max"]
    assert 86400 > assume_role["DurationSeconds"].metadata["max"]
    # GetFederationToken takes session policies; GetSessionToken takes none.
    assert {"Policy", "PolicyArns"} <= set(federation)
    assert not {"Policy", "PolicyArns"} & set(STS_MODEL.operation_model("GetSessionToken").input_shape.members)
    assert (
        "You must call the GetFederationToken operation using the long-term security credentials of an IAM user"
        in prose(STS_MODEL.operation_model("GetFederationToken").documentation)
    )


def test_role_maximum_session_defaults_to_one_hour_and_caps_duration():
    member = IAM_MODEL.operation_model("CreateRole").input_shape.members["MaxSessionDuration"]
    assert (member.metadata["min"], member.metadata["max"]) == (3600, 43200)
    assert "the default value of one hour is applied" in prose(member.documentation)
    duration = STS_MODEL.operation_model("AssumeRole").input_shape.members["DurationSeconds"]
    assert (
        "If you specify a value higher than this setting or the administrator setting (whichever is lower), the operation fails"
        in prose(duration.documentation)
    )
    # moto stores the default but does not enforce it (printed in docs/_examples/sts_assume_role.py).
    with mock_aws():
        sts_example = example("sts_assume_role")
        iam = sts_example.aws_session().client("iam")
        role = iam.create_role(
            RoleName="NightlyExport",
            AssumeRolePolicyDocument=sts_example.trust_policy({"AWS": "arn:aws:iam::123456789012:root"}),
        )["Role"]
    assert role["MaxSessionDuration"] == 3600


def test_session_policies_narrow_an_assumed_role_session():
    members = STS_MODEL.operation_model("AssumeRole").input_shape.members
    assert {"Policy", "PolicyArns"} <= set(members)
    text = prose(members["Policy"].documentation)
    assert "intersection of the role's identity-based policy and the session policies" in text
    assert "You cannot use session policies to grant more permissions" in text
    assert "You can provide up to 10 managed policy ARNs" in prose(members["PolicyArns"].documentation)


# ---- Cognito tokens and sign-in flows (docs/_data/questions/cognito-tokens.yml)


@pytest.fixture
def confidential(session):
    """A user pool with a confidential app client and a user with a permanent password."""
    lifecycle = example("cognito_token_lifecycle")
    idp = session.client("cognito-idp")
    pool_id, client_id, client_secret = lifecycle.create_pool_and_confidential_client(idp)
    return lifecycle, idp, pool_id, client_id, client_secret


def test_secret_hash_is_base64_hmac_sha256_of_username_and_client_id(confidential):
    import base64
    import hashlib
    import hmac

    lifecycle, idp, _, client_id, client_secret = confidential
    expected = base64.b64encode(
        hmac.new(client_secret.encode(), (lifecycle.USERNAME + client_id).encode(), hashlib.sha256).digest()
    ).decode()
    assert lifecycle.secret_hash(lifecycle.USERNAME, client_id, client_secret) == expected
    tokens = lifecycle.sign_in(idp, client_id, client_secret)
    # Cognito (and moto, for refresh) recomputes the hash: the right one passes ...
    assert "AccessToken" in lifecycle.refresh(idp, client_id, tokens["RefreshToken"], expected)
    # ... while the wrong order, the wrong key, a hex digest or no hash at all are refused.
    wrong = [
        base64.b64encode(
            hmac.new(client_secret.encode(), (client_id + lifecycle.USERNAME).encode(), hashlib.sha256).digest()
        ).decode(),
        base64.b64encode(
            hmac.new(client_id.encode(), (lifecycle.USERNAME + client_secret).encode(), hashlib.sha256).digest()
        ).decode(),
        hmac.new(client_secret.encode(), (lifecycle.USERNAME + client_id).encode(), hashlib.sha256).hexdigest(),
        None,
    ]
    for hashed in wrong:
        with pytest.raises(ClientError) as err:
            lifecycle.refresh(idp, client_id, tokens["RefreshToken"], hashed)
        assert err.value.response["Error"]["Code"] == "NotAuthorizedException"
    # The request model documents the parameter for clients with a secret.
    assert "Add a SECRET_HASH parameter if your app client has a client secret" in prose(
        member(IDP_MODEL, "InitiateAuth", "AuthParameters").documentation
    )


def test_global_sign_out_ends_every_session_of_the_user(confidential):
    lifecycle, idp, _, client_id, client_secret = confidential
    hashed = lifecycle.secret_hash(lifecycle.USERNAME, client_id, client_secret)
    tablet = lifecycle.sign_in(idp, client_id, client_secret)
    phone = lifecycle.sign_in(idp, client_id, client_secret)
    idp.global_sign_out(AccessToken=phone["AccessToken"])
    for session_tokens in (tablet, phone):  # both devices' sessions end, not just the caller's
        with pytest.raises(ClientError):
            lifecycle.refresh(idp, client_id, session_tokens["RefreshToken"], hashed)
        with pytest.raises(ClientError):
            idp.get_user(AccessToken=session_tokens["AccessToken"])
    # GlobalSignOut is authorized by the user's access token; RevokeToken takes one refresh token.
    assert list(IDP_MODEL.operation_model("GlobalSignOut").input_shape.required_members) == ["AccessToken"]
    revoke = IDP_MODEL.operation_model("RevokeToken")
    assert set(revoke.input_shape.required_members) == {"Token", "ClientId"}
    assert (
        "Revokes all of the access tokens generated by, and at the same time as, the specified refresh token"
        in prose(revoke.documentation)
    )
    # AdminUserGlobalSignOut needs IAM credentials (the model says IAM policies are evaluated).
    assert "you must use IAM credentials" in prose(IDP_MODEL.operation_model("AdminUserGlobalSignOut").documentation)


def test_signed_out_access_token_still_passes_a_signature_check(confidential):
    lifecycle, idp, pool_id, client_id, client_secret = confidential
    tokens = lifecycle.sign_in(idp, client_id, client_secret)
    idp.global_sign_out(AccessToken=tokens["AccessToken"])
    with pytest.raises(ClientError) as err:
        idp.get_user(AccessToken=tokens["AccessToken"])
    assert err.value.response["Error"]["Code"] == "NotAuthorizedException"
    # The JWT itself is unchanged: its signature and exp still verify against the pool's JWKS.
    assert lifecycle.signature_and_expiry_accept(tokens["AccessToken"], pool_id)
    assert "Other requests might be valid until your user's token expires" in prose(
        IDP_MODEL.operation_model("GlobalSignOut").documentation
    )


def test_new_app_clients_have_token_revocation_on(confidential):
    _, idp, pool_id, client_id, _ = confidential
    assert (
        idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]["EnableTokenRevocation"]
        is True
    )
    doc = prose(member(IDP_MODEL, "CreateUserPoolClient", "EnableTokenRevocation").documentation)
    assert "token revocation is automatically activated for the new user pool client" in doc


def test_token_validity_units_default_to_hours_and_days():
    units = IDP_MODEL.shape_for("TokenValidityUnitsType").members
    assert "The default AccessTokenValidity time unit is hours" in prose(units["AccessToken"].documentation)
    assert "The default IdTokenValidity time unit is hours" in prose(units["IdToken"].documentation)
    assert "The default RefreshTokenValidity time unit is days" in prose(units["RefreshToken"].documentation)
    assert units["AccessToken"].enum == ["seconds", "minutes", "hours", "days"]
    access = member(IDP_MODEL, "CreateUserPoolClient", "AccessTokenValidity")
    assert access.metadata["max"] == 86400  # one day, in seconds: 10 hours fits, so the request was accepted


def test_api_sign_in_access_token_has_only_the_admin_scope(confidential):
    lifecycle, idp, _, client_id, client_secret = confidential
    tokens = lifecycle.sign_in(idp, client_id, client_secret)
    assert lifecycle.claims(tokens["AccessToken"])["scope"].split() == ["aws.cognito.signin.user.admin"]
    assert "scope" not in lifecycle.claims(tokens["IdToken"])
    # moto hard-codes this scope; AWS documents the same for API sign-in (cognito-oauth-grants).
    # The scopes an app client may allow through OAuth are a separate, bounded list.
    assert member(IDP_MODEL, "CreateUserPoolClient", "AllowedOAuthScopes").metadata["max"] == 50


def test_admin_user_password_auth_is_an_admin_initiate_auth_flow(confidential):
    lifecycle, idp, pool_id, client_id, client_secret = confidential
    with pytest.raises(ClientError) as err:
        idp.initiate_auth(
            ClientId=client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": lifecycle.USERNAME, "PASSWORD": lifecycle.PASSWORD},
        )
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"
    answer = idp.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": lifecycle.USERNAME,
            "PASSWORD": lifecycle.PASSWORD,
            "SECRET_HASH": lifecycle.secret_hash(lifecycle.USERNAME, client_id, client_secret),
        },
    )
    assert "AccessToken" in answer["AuthenticationResult"]
    assert "ADMIN_USER_PASSWORD_AUTH is a flow type of AdminInitiateAuth and isn't valid for InitiateAuth" in prose(
        member(IDP_MODEL, "InitiateAuth", "AuthFlow").documentation
    )
    assert "you must use IAM credentials" in prose(IDP_MODEL.operation_model("AdminInitiateAuth").documentation)
    assert "can't use IAM credentials" in prose(IDP_MODEL.operation_model("InitiateAuth").documentation)


def test_explicit_auth_flows_default_and_legacy_values():
    doc = prose(member(IDP_MODEL, "CreateUserPoolClient", "ExplicitAuthFlows").documentation).replace(" ,", ",")
    assert "your app client supports ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, and ALLOW_CUSTOM_AUTH" in doc
    assert (
        "You can't assign these legacy ExplicitAuthFlows values to user pool clients at the same time as values that begin with ALLOW_"
        in doc
    )
    values = IDP_MODEL.shape_for("ExplicitAuthFlowsType").enum
    assert {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"} <= set(values)


def test_developer_token_duration_default_and_maximum():
    duration = member(IDENTITY_MODEL, "GetOpenIdTokenForDeveloperIdentity", "TokenDuration")
    assert duration.metadata["min"] == 1 and duration.metadata["max"] == 86400
    assert "If you don't provide an expiration time, the token is valid for 15 minutes" in prose(duration.documentation)
    # GetCredentialsForIdentity takes no duration of its own.
    assert "DurationSeconds" not in IDENTITY_MODEL.operation_model("GetCredentialsForIdentity").input_shape.members


def test_server_side_token_check_refuses_signed_out_users():
    check = IDENTITY_MODEL.shape_for("CognitoIdentityProvider").members["ServerSideTokenCheck"]
    doc = prose(check.documentation)
    assert (
        "has not been globally signed out or deleted before the identity pool provides an OIDC token or Amazon Web Services credentials"
        in doc
    )
    sign_out = prose(IDP_MODEL.operation_model("AdminUserGlobalSignOut").documentation)
    assert (
        "no longer accepts a signed-out user's ID token in a GetId request to an identity pool with ServerSideTokenCheck enabled"
        in sign_out
    )


# --- Secrets and sensitive data (docs/secrets/) -------------------------------------------------

SM_MODEL = botocore.session.get_session().get_service_model("secretsmanager")
SSM_MODEL = botocore.session.get_session().get_service_model("ssm")


@pytest.fixture
def secrets_session():
    with mock_aws():
        yield example("secrets_manager_versions").aws_session()


def test_put_secret_value_moves_current_and_previous(secrets_session):
    sm = secrets_session.client("secretsmanager")
    leaked = sm.create_secret(Name="api-key", SecretString="leaked")["VersionId"]
    new = sm.put_secret_value(SecretId="api-key", SecretString="fresh")["VersionId"]
    stages = sm.describe_secret(SecretId="api-key")["VersionIdsToStages"]
    assert stages[new] == ["AWSCURRENT"] and stages[leaked] == ["AWSPREVIOUS"]
    assert sm.get_secret_value(SecretId="api-key", VersionStage="AWSPREVIOUS")["SecretString"] == "leaked"
    # The API model says the same: without VersionStages, AWSCURRENT moves and AWSPREVIOUS follows.
    doc = prose(member(SM_MODEL, "PutSecretValue", "VersionStages").documentation)
    assert "automatically moves the staging label AWSCURRENT to this version" in doc
    assert "also moves the staging label AWSPREVIOUS" in doc


def test_get_secret_value_returns_current_while_a_new_value_is_pending(secrets_session):
    sm = secrets_session.client("secretsmanager")
    sm.create_secret(Name="db", SecretString="old")
    sm.put_secret_value(SecretId="db", SecretString="new", VersionStages=["AWSPENDING"])
    assert sm.get_secret_value(SecretId="db")["SecretString"] == "old"
    assert sm.get_secret_value(SecretId="db", VersionStage="AWSPENDING")["SecretString"] == "new"
    assert "Secrets Manager returns the AWSCURRENT version" in prose(
        member(SM_MODEL, "GetSecretValue", "VersionStage").documentation
    )
    # Without VersionStages, PutSecretValue moves AWSCURRENT at once (the bug in the rotation item).
    sm.put_secret_value(SecretId="db", SecretString="unset-in-database")
    assert sm.get_secret_value(SecretId="db")["SecretString"] == "unset-in-database"
    assert (
        "If you don't include VersionStages, then Secrets Manager automatically moves the staging label AWSCURRENT"
        in prose(member(SM_MODEL, "PutSecretValue", "VersionStages").documentation)
    )


def test_secret_recovery_window_is_7_to_30_days_and_restore_cancels_it(secrets_session):
    doc = prose(member(SM_MODEL, "DeleteSecret", "RecoveryWindowInDays").documentation)
    assert "from 7 to 30" in doc and "30 day recovery window" in doc
    sm = secrets_session.client("secretsmanager")
    sm.create_secret(Name="job", SecretString="v")
    with pytest.raises(ClientError) as refused:
        sm.delete_secret(SecretId="job", RecoveryWindowInDays=3)
    assert refused.value.response["Error"]["Code"] == "InvalidParameterException"
    sm.delete_secret(SecretId="job")  # no options: the default window
    with pytest.raises(ClientError):
        sm.get_secret_value(SecretId="job")
    sm.restore_secret(SecretId="job")
    assert sm.get_secret_value(SecretId="job")["SecretString"] == "v"


def test_rotate_immediately_defaults_to_true():
    doc = prose(member(SM_MODEL, "RotateSecret", "RotateImmediately").documentation)
    assert "The default for RotateImmediately is true" in doc
    assert "running the testSecret step" in doc


def test_secrets_manager_rotates_and_shares_by_policy_where_parameter_store_needs_ram():
    # Secrets Manager rotates a secret and attaches a resource policy to it (cross-account reads);
    # Parameter Store has no rotation call, and shares a parameter only through AWS RAM, advanced tier.
    assert {"RotateSecret", "PutResourcePolicy"} <= set(SM_MODEL.operation_names)
    assert not [op for op in SSM_MODEL.operation_names if "rotate" in op.lower()]
    share_doc = prose(SSM_MODEL.operation_model("PutResourcePolicy").documentation)
    assert "share a parameter with other accounts using Resource Access Manager (RAM)" in share_doc
    assert "To share a parameter, it must be in the advanced parameter tier" in share_doc


def test_parameter_tiers_and_their_value_limits_in_the_ssm_model():
    assert SSM_MODEL.shape_for("ParameterTier").enum == ["Standard", "Advanced", "Intelligent-Tiering"]
    assert example("parameter_store_securestring").value_limits_kb() == (4, 8)
    tier_doc = prose(member(SSM_MODEL, "PutParameter", "Tier").documentation)
    assert (
        "Standard parameters are offered at no additional cost" in tier_doc
        and "Advanced parameters incur a charge" in tier_doc
    )
    assert "can't revert an advanced parameter to a standard parameter" in tier_doc


def test_get_parameters_by_path_reads_the_subtree_only_with_recursive():
    with mock_aws():
        ssm = example("parameter_store_securestring").aws_session().client("ssm")
        ssm.put_parameter(Name="/payments/prod/region", Value="eu-west-1", Type="String")
        ssm.put_parameter(Name="/payments/prod/db/user", Value="app", Type="String")
        top = [p["Name"] for p in ssm.get_parameters_by_path(Path="/payments/prod")["Parameters"]]
        everything = [
            p["Name"] for p in ssm.get_parameters_by_path(Path="/payments/prod", Recursive=True)["Parameters"]
        ]
    assert top == ["/payments/prod/region"]
    assert sorted(everything) == ["/payments/prod/db/user", "/payments/prod/region"]


def test_secretsmanager_reference_needs_with_decryption():
    with mock_aws():
        session = example("parameter_store_securestring").aws_session()
        session.client("secretsmanager").create_secret(Name="prod/db", SecretString="pw")
        ssm = session.client("ssm")
        with pytest.raises(ClientError) as refused:
            ssm.get_parameter(Name="/aws/reference/secretsmanager/prod/db")
        assert refused.value.response["Error"]["Code"] == "ValidationException"
        value = ssm.get_parameter(Name="/aws/reference/secretsmanager/prod/db", WithDecryption=True)["Parameter"][
            "Value"
        ]
    assert value == "pw"


def test_lambda_kms_key_arn_is_a_function_setting():
    lam = botocore.session.get_session().get_service_model("lambda")
    for operation in ("CreateFunction", "UpdateFunctionConfiguration"):
        doc = prose(member(lam, operation, "KMSKeyArn").documentation)
        assert "environment variables" in doc
    assert "Amazon Web Services managed key" in prose(member(lam, "CreateFunction", "KMSKeyArn").documentation)


def test_ecs_secrets_take_a_name_and_value_from():
    ecs = botocore.session.get_session().get_service_model("ecs")
    secret = ecs.shape_for("Secret")
    assert secret.required_members == ["name", "valueFrom"]
    container = ecs.shape_for("ContainerDefinition").members
    assert {"secrets", "environment", "repositoryCredentials"} <= set(container)
    assert "secretOptions" in ecs.shape_for("LogConfiguration").members


def test_redaction_filter_keeps_the_secret_out_of_the_log():
    import io

    module = example("redact_secrets_in_logs")
    stream = io.StringIO()
    log = module.logger_writing_to(stream, ["partner-key-123"])
    log.info("request signed with %s", "partner-key-123")
    log.warning("leaked AKIAIOSFODNN7EXAMPLE in a traceback")
    written = stream.getvalue()
    assert "partner-key-123" not in written and "AKIAIOSFODNN7EXAMPLE" not in written
    assert "[REDACTED]" in written and "[REDACTED-KEY-ID]" in written


def test_cloudwatch_logs_unmask_is_a_read_parameter():
    logs = botocore.session.get_session().get_service_model("logs")
    for operation in ("GetLogEvents", "FilterLogEvents"):
        assert "unmask" in logs.operation_model(operation).input_shape.members
    assert "logs:Unmask" in prose(member(logs, "GetLogEvents", "unmask").documentation)
    assert {"PutDataProtectionPolicy", "PutAccountPolicy"} <= set(logs.operation_names)


# --- KMS key management and certificates (docs/kms/key-management.md) ---------------------------

ACM_MODEL = botocore.session.get_session().get_service_model("acm")
PCA_MODEL = botocore.session.get_session().get_service_model("acm-pca")
EC2_MODEL = botocore.session.get_session().get_service_model("ec2")
CONNECT_MODEL = botocore.session.get_session().get_service_model("ec2-instance-connect")


def operation_text(model, operation: str) -> str:
    return prose(model.operation_model(operation).documentation)


def errors_of(model, operation: str) -> set[str]:
    return {shape.name for shape in model.operation_model(operation).error_shapes}


def test_retire_a_key_by_disabling_it_first(kms, key_id):
    kms.disable_key(KeyId=key_id)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Disabled"
    kms.enable_key(KeyId=key_id)  # reversible at once, with no deadline
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"
    assert "DisabledException" in errors_of(KMS_MODEL, "Decrypt")
    advice = operation_text(KMS_MODEL, "GetKeyLastUsage")
    assert "Do not use GetKeyLastUsage as the sole indicator when scheduling a key for deletion" in advice
    assert "first disable the key and monitor CloudTrail for DisabledException entries" in advice
    assert "all data that was encrypted under the KMS key is unrecoverable" in operation_text(
        KMS_MODEL, "ScheduleKeyDeletion"
    )


def test_imported_material_can_be_deleted_and_the_same_material_reimported():
    text = operation_text(KMS_MODEL, "ImportKeyMaterial")
    assert "you can delete and reimport the key material at any time" in text
    assert "KMS deletes the key material from the KMS key on the specified date, making the KMS key unusable" in text
    assert "you must reimport the same key material" in text
    assert "ImportKeyMaterial" in operation_text(KMS_MODEL, "DeleteImportedKeyMaterial")
    # A key without its imported material waits in PendingImport; deletion of the key has a waiting period instead.
    assert "PendingImport" in KMS_MODEL.shape_for("KeyState").enum
    assert "it must be between 7 and 30, inclusive" in prose(
        member(KMS_MODEL, "ScheduleKeyDeletion", "PendingWindowInDays").documentation
    )


def test_import_parameters_last_24_hours_and_expire_as_a_pair():
    text = operation_text(KMS_MODEL, "GetParametersForImport")
    assert "The public key and its import token are permanently linked and must be used together" in text
    assert "Each public key and import token set is valid for 24 hours" in text
    assert "If your key and token expire, send another GetParametersForImport request" in text
    assert "ExpiredImportTokenException" in errors_of(KMS_MODEL, "ImportKeyMaterial")


def test_imported_material_expires_by_default_within_365_days():
    model_doc = prose(member(KMS_MODEL, "ImportKeyMaterial", "ExpirationModel").documentation)
    assert "The default is KEY_MATERIAL_EXPIRES" in model_doc
    assert "When value is KEY_MATERIAL_DOES_NOT_EXPIRE, you must omit the ValidTo parameter" in model_doc
    assert "The maximum value is 365 days from the request date" in prose(
        member(KMS_MODEL, "ImportKeyMaterial", "ValidTo").documentation
    )


def test_custom_key_store_keys_are_symmetric_and_rotate_by_hand():
    store = prose(member(KMS_MODEL, "CreateKey", "CustomKeyStoreId").documentation)
    assert "This parameter is valid only for symmetric encryption KMS keys in a single Region" in store
    assert "You cannot create any other type of KMS key in a custom key store" in store
    assert "or KMS keys in a custom key store" in operation_text(KMS_MODEL, "EnableKeyRotation")
    assert "or KMS keys in a custom key store" in operation_text(KMS_MODEL, "RotateKeyOnDemand")


def test_multi_region_replica_shares_key_id_but_not_its_policy(kms):
    primary = kms.create_key(MultiRegion=True)["KeyMetadata"]
    replica = kms.replicate_key(KeyId=primary["KeyId"], ReplicaRegion="eu-west-1")["ReplicaKeyMetadata"]
    assert replica["KeyId"] == primary["KeyId"] and replica["Arn"] != primary["Arn"]
    text = operation_text(KMS_MODEL, "ReplicateKey")
    assert "They have the same key ID and key material" in text
    assert "same key spec, key usage, key material origin, and automatic key rotation status" in text
    assert "including its key policy, tags, aliases, and key state" in text


def test_grant_name_makes_create_grant_retries_safe():
    # moto ignores Name (a retry makes a second grant); the KMS model states the behaviour.
    text = prose(member(KMS_MODEL, "CreateGrant", "Name").documentation)
    assert "if the grant already exists, the original GrantId is returned without creating a new grant" in text
    assert "GrantTokens" in KMS_MODEL.operation_model("GenerateDataKey").input_shape.members


def test_retiring_principal_retires_a_grant_with_its_token(kms, key_id):
    grant = kms.create_grant(
        KeyId=key_id,
        GranteePrincipal="arn:aws:iam::123456789012:role/nightly",
        RetiringPrincipal="arn:aws:iam::123456789012:role/nightly",
        Operations=["Decrypt"],
    )
    kms.retire_grant(GrantToken=grant["GrantToken"])
    assert kms.list_grants(KeyId=key_id)["Grants"] == []
    text = operation_text(KMS_MODEL, "RetireGrant")
    assert "This operation can be called by the retiring principal for a grant" in text
    assert "Required permissions: kms:RevokeGrant (key policy)" in operation_text(KMS_MODEL, "RevokeGrant")


def test_sign_takes_4096_bytes_or_a_digest():
    assert member(KMS_MODEL, "Sign", "Message").metadata["max"] == 4096
    assert "DIGEST" in KMS_MODEL.shape_for("MessageType").enum
    assert "To sign a larger message, generate a hash digest of the message" in operation_text(KMS_MODEL, "Sign")


def test_a_failed_verify_is_an_exception_on_aws():
    # moto answers SignatureValid False instead (see docs/_examples/signing_and_dev_keys.py).
    assert (
        "If the signature verification fails, the Verify operation fails with an KMSInvalidSignatureException exception"
        in operation_text(KMS_MODEL, "Verify")
    )
    assert "KMSInvalidSignatureException" in errors_of(KMS_MODEL, "Verify")


def test_only_acm_export_certificate_returns_a_private_key():
    assert "PrivateKey" in ACM_MODEL.operation_model("ExportCertificate").output_shape.members
    assert "Passphrase" in ACM_MODEL.operation_model("ExportCertificate").input_shape.required_members
    assert "PrivateKey" not in ACM_MODEL.operation_model("GetCertificate").output_shape.members
    assert "PrivateKey" not in PCA_MODEL.operation_model("GetCertificate").output_shape.members


def test_import_key_pair_takes_only_the_public_key(session):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    ec2 = session.client("ec2")
    public = (
        ed25519.Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    )
    imported = ec2.import_key_pair(KeyName="laptop", PublicKeyMaterial=public)
    assert "KeyMaterial" not in imported and "KeyMaterial" in ec2.create_key_pair(
        KeyName="made-by-ec2", KeyType="ed25519"
    )
    assert "The private key is never transferred between you and Amazon Web Services" in operation_text(
        EC2_MODEL, "ImportKeyPair"
    )
    assert "available only in the Amazon Web Services Region in which you create it" in operation_text(
        EC2_MODEL, "CreateKeyPair"
    )


def test_instance_connect_keys_last_60_seconds():
    assert "The key remains for 60 seconds" in operation_text(CONNECT_MODEL, "SendSSHPublicKey")


def test_ed25519_key_pairs_are_not_for_windows():
    assert EC2_MODEL.shape_for("KeyType").enum == ["rsa", "ed25519"]
    assert "ED25519 keys are not supported for Windows instances" in prose(
        member(EC2_MODEL, "CreateKeyPair", "KeyType").documentation
    )


def test_multi_region_rotation_is_set_on_the_primary():
    assert (
        "To enable or disable automatic rotation of a set of related multi-Region keys, set the property on the primary key"
        in operation_text(KMS_MODEL, "EnableKeyRotation")
    )


def test_imported_material_rotates_on_demand_not_automatically():
    assert "KMS keys with imported key material" in operation_text(KMS_MODEL, "EnableKeyRotation")
    text = operation_text(KMS_MODEL, "ImportKeyMaterial")
    assert (
        "You can import multiple key materials into symmetric encryption keys and rotate the key material on demand using RotateKeyOnDemand"
        in text
    )
    assert KMS_MODEL.shape_for("ImportType").enum == ["NEW_KEY_MATERIAL", "EXISTING_KEY_MATERIAL"]
