"""A throwaway PKI made at test time: a root, an intermediate and echo-api.amazon.com leaves.

Shaped like Amazon's real chain (RSA 2048, root → intermediate → leaf, Web PKI extensions) so
the production verifier checks it exactly as it would check Amazon's, only with this root trusted.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SIGNING_DOMAIN = "echo-api.amazon.com"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Leg Cramp Helper tests"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                         encipher_only=False, decipher_only=False)


def _leaf_usage() -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                         data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                         encipher_only=False, decipher_only=False)


@dataclass(frozen=True)
class Authority:
    """A CA certificate and its key."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey


def make_root(common_name: str, now: datetime) -> Authority:
    key = new_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name)).issuer_name(_name(common_name))
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=30)).not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(certificate, key)


def make_intermediate(root: Authority, common_name: str, now: datetime,
                      valid_for: timedelta = timedelta(days=1825)) -> Authority:
    key = new_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name)).issuer_name(root.certificate.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=30)).not_valid_after(now + valid_for)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()), critical=False)
        .sign(root.key, hashes.SHA256())
    )
    return Authority(certificate, key)


def make_leaf(issuer: Authority, key: rsa.RSAPrivateKey, *, names: tuple[str, ...] = (SIGNING_DOMAIN,),
              not_before: datetime, not_after: datetime) -> x509.Certificate:
    """A TLS server certificate for ``names``, as Amazon's signing certificate is."""
    return (
        x509.CertificateBuilder()
        .subject_name(_name(names[0])).issuer_name(issuer.certificate.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_leaf_usage(), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                       critical=False)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
        .sign(issuer.key, hashes.SHA256())
    )


def pem_chain(*certificates: x509.Certificate) -> bytes:
    """Certificates as Amazon serves them: leaf first, then intermediates, PEM concatenated."""
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def sign(key: rsa.RSAPrivateKey, body: bytes) -> str:
    """The ``Signature-256`` header value for ``body``: base64 RSA PKCS#1 v1.5 SHA-256."""
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")
