"""A throw-away CA, server and client certificate made with the openssl command, for TLS tests."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TestPki:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    __test__ = False


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_pki(folder: Path) -> TestPki:
    folder.mkdir(parents=True, exist_ok=True)
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Duty Console Test CA",
             "-keyout", "ca.key", "-out", "ca.crt", cwd=folder)
    (folder / "server.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    for name, ext in (("server", ["-extfile", "server.ext"]), ("client", [])):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}", "-keyout", f"{name}.key", "-out", f"{name}.csr", cwd=folder)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                 "-out", f"{name}.crt", *ext, cwd=folder)
    return TestPki(folder / "ca.crt", folder / "server.crt", folder / "server.key", folder / "client.crt", folder / "client.key")


# -- certificates for each TLS failure, made with the cryptography package ---------------------
@dataclass(frozen=True)
class FailurePki:
    """A trusted CA and its good server and client certificates, and the bad ones: a server
    certificate from another CA, expired, not valid yet, made out to another host, and a client
    certificate from another CA."""

    ca: Path
    server: tuple[Path, Path]  # (certificate, key), good
    client: tuple[Path, Path]  # good
    server_unknown_ca: tuple[Path, Path]
    server_expired: tuple[Path, Path]
    server_not_yet_valid: tuple[Path, Path]
    server_other_host: tuple[Path, Path]
    client_unknown_ca: tuple[Path, Path]
    __test__ = False


def make_failure_pki(folder: Path) -> FailurePki:
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc)
    day = dt.timedelta(days=1)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def write(stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> tuple[Path, Path]:
        crt, pem = folder / f"{stem}.crt", folder / f"{stem}.key"
        crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                          serialization.NoEncryption()))
        return crt, pem

    def make_ca(cn: str):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(name(cn)).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(now - day).not_valid_after(now + 2 * day)
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                             key_encipherment=False, data_encipherment=False, key_agreement=False,
                                             encipher_only=False, decipher_only=False), critical=True)
                .sign(key, hashes.SHA256()))
        return cert, key

    def issue(stem: str, ca, cn: str, before: dt.datetime, after: dt.datetime, names: list[x509.GeneralName] | None):
        ca_cert, ca_key = ca
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(ca_cert.subject).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(before).not_valid_after(after)
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True))
        if names is not None:
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        return write(stem, builder.sign(ca_key, hashes.SHA256()), key)

    trusted, other = make_ca("Duty Console Test CA"), make_ca("Some Other CA")
    ca_path = folder / "ca.crt"
    ca_path.write_bytes(trusted[0].public_bytes(serialization.Encoding.PEM))
    here = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
    valid = (now - day, now + 2 * day)
    return FailurePki(
        ca=ca_path,
        server=issue("server", trusted, "server", *valid, here),
        client=issue("client", trusted, "console", *valid, None),
        server_unknown_ca=issue("server-other-ca", other, "server", *valid, here),
        server_expired=issue("server-expired", trusted, "server", now - 10 * day, now - 2 * day, here),
        server_not_yet_valid=issue("server-future", trusted, "server", now + 2 * day, now + 10 * day, here),
        server_other_host=issue("server-other-host", trusted, "broker.elsewhere.example", *valid,
                                [x509.DNSName("broker.elsewhere.example")]),
        client_unknown_ca=issue("client-other-ca", other, "console", *valid, None),
    )
