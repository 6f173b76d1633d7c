"""Signing with an asymmetric KMS key, and SSH key pairs for EC2 development instances.

An asymmetric KMS key with the key usage SIGN_VERIFY keeps its private key inside KMS: Sign
returns a signature, and anyone can check it either with Verify (a logged, authorised KMS call)
or offline with the public key that GetPublicKey hands out. Here the offline check uses the
`cryptography` library, and a changed message fails it.

For SSH, CreateKeyPair makes a key pair in EC2 and returns the private key once, while
ImportKeyPair uploads only the public half of a key pair you made yourself, so the private key
never leaves your machine. Both can be ed25519 (not for Windows instances) or rsa.

Emulator vs AWS:
- moto signs and verifies with real keys, but its Verify answers SignatureValid False for a bad
  signature, where KMS fails the call with KMSInvalidSignatureException. The example checks the
  bad case offline with the public key, which behaves the same everywhere, and reads the KMS
  error name from botocore's model.
- moto does not know the ECC_NIST_EDWARDS25519 key spec that botocore 1.44.8 lists (it answers
  ValidationException), so the KMS key here is ECC_NIST_P256 with ECDSA_SHA_256.
- moto does not check Sign's message limit or that a grant's operations fit the key type.
- moto's EC2 key pairs are real key material; nothing is stored outside the process, and no
  instance can use them. The fingerprint format is moto's.
"""

from __future__ import annotations

import boto3
import botocore.session
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from moto import mock_aws

REGION = "us-east-1"
MESSAGE = b"release 2.4.1 of the billing service"


def aws_session() -> boto3.Session:
    # Dummy credentials: moto answers every call in-process, so no account or network is used.
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


def verifies_offline(public_der: bytes, message: bytes, signature: bytes) -> bool:
    """Check an ECDSA_SHA_256 signature with the public key from GetPublicKey, without calling KMS."""
    public_key = serialization.load_der_public_key(public_der)
    try:
        public_key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def main() -> None:
    with mock_aws():
        session = aws_session()
        kms, ec2 = session.client("kms"), session.client("ec2")

        # Sign inside KMS; verify inside KMS and outside it.
        key_id = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        signed = kms.sign(KeyId=key_id, Message=MESSAGE, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")
        checked = kms.verify(KeyId=key_id, Message=MESSAGE, Signature=signed["Signature"], SigningAlgorithm="ECDSA_SHA_256")
        print("Verify in KMS:", checked["SignatureValid"])
        #> Verify in KMS: True
        public = kms.get_public_key(KeyId=key_id)
        print("GetPublicKey:", public["KeyUsage"], public["SigningAlgorithms"])
        #> GetPublicKey: SIGN_VERIFY ['ECDSA_SHA_256']
        print("offline check, same message:", verifies_offline(public["PublicKey"], MESSAGE, signed["Signature"]))
        #> offline check, same message: True
        print("offline check, changed message:", verifies_offline(public["PublicKey"], MESSAGE + b"!", signed["Signature"]))
        #> offline check, changed message: False
        model = botocore.session.get_session().get_service_model("kms")
        verify_errors = [shape.name for shape in model.operation_model("Verify").error_shapes]
        print("a bad signature in KMS raises:", "KMSInvalidSignatureException" in verify_errors, "(moto returns SignatureValid False)")
        #> a bad signature in KMS raises: True (moto returns SignatureValid False)

        # SSH key pairs for a development instance.
        created = ec2.create_key_pair(KeyName="dev-box", KeyType="ed25519", KeyFormat="pem")
        private = serialization.load_ssh_private_key(created["KeyMaterial"].encode(), password=None)
        print("CreateKeyPair returns the private key once:", type(private).__name__)
        #> CreateKeyPair returns the private key once: Ed25519PrivateKey
        mine = ed25519.Ed25519PrivateKey.generate()
        public_line = mine.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
        imported = ec2.import_key_pair(KeyName="laptop", PublicKeyMaterial=public_line)
        print("ImportKeyPair returns key material:", "KeyMaterial" in imported)
        #> ImportKeyPair returns key material: False
        pairs = ec2.describe_key_pairs()["KeyPairs"]
        print("key pairs:", sorted((p["KeyName"], p["KeyType"]) for p in pairs))
        #> key pairs: [('dev-box', 'ed25519'), ('laptop', 'ed25519')]


if __name__ == "__main__":
    main()
