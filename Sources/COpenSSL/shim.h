#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <string.h>

// Wrappers for OpenSSL macros Swift cannot import, and the few multi-step calls that read
// better in C (certificate construction).

static inline long copenssl_ctx_set_min_tls12(SSL_CTX *ctx) {
    return SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}

static inline long copenssl_ctx_set_options(SSL_CTX *ctx) {
    return SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
}

static inline const char *copenssl_servername(const SSL *ssl) {
    return SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
}

static inline size_t copenssl_bio_pending(BIO *bio) { return BIO_ctrl_pending(bio); }

/// A fresh P-256 key.
static inline EVP_PKEY *copenssl_new_ec_key(void) { return EVP_EC_gen("P-256"); }

static inline int copenssl_add_ext(X509 *cert, X509 *issuer, int nid, const char *value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext) return 0;
    int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

/// Builds and signs a certificate. `issuer`/`issuer_key` NULL means self-signed (a CA).
/// `san` is an OpenSSL subjectAltName value (`DNS:a,DNS:b,IP:127.0.0.1`) or NULL.
static inline X509 *copenssl_make_cert(EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, const char *cn,
                                       const char *san, int is_ca, long days, long serial) {
    X509 *cert = X509_new();
    if (!cert) return NULL;
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), days * 86400L);
    X509_set_pubkey(cert, key);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"RegionStack", -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509 *signer = issuer ? issuer : cert;
    X509_set_issuer_name(cert, X509_get_subject_name(signer));
    int ok = 1;
    if (is_ca) {
        ok &= copenssl_add_ext(cert, signer, NID_basic_constraints, "critical,CA:TRUE");
        ok &= copenssl_add_ext(cert, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        ok &= copenssl_add_ext(cert, signer, NID_basic_constraints, "critical,CA:FALSE");
        ok &= copenssl_add_ext(cert, signer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
        ok &= copenssl_add_ext(cert, signer, NID_ext_key_usage, "serverAuth");
    }
    ok &= copenssl_add_ext(cert, signer, NID_subject_key_identifier, "hash");
    if (issuer) ok &= copenssl_add_ext(cert, signer, NID_authority_key_identifier, "keyid:always");
    if (san) ok &= copenssl_add_ext(cert, signer, NID_subject_alt_name, san);
    if (!ok || !X509_sign(cert, issuer_key ? issuer_key : key, EVP_sha256())) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

static inline int copenssl_write_cert(const char *path, X509 *cert) {
    BIO *bio = BIO_new_file(path, "w");
    if (!bio) return 0;
    int ok = PEM_write_bio_X509(bio, cert);
    BIO_free(bio);
    return ok;
}

static inline int copenssl_write_key(const char *path, EVP_PKEY *key) {
    BIO *bio = BIO_new_file(path, "w");
    if (!bio) return 0;
    int ok = PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL);
    BIO_free(bio);
    return ok;
}

/// The subjectAltName text of a PEM certificate file ("" when none), into `out`.
static inline int copenssl_cert_san(const char *path, char *out, size_t cap) {
    BIO *bio = BIO_new_file(path, "r");
    if (!bio) return 0;
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (!cert) return 0;
    out[0] = 0;
    int idx = X509_get_ext_by_NID(cert, NID_subject_alt_name, -1);
    if (idx >= 0) {
        X509_EXTENSION *ext = X509_get_ext(cert, idx);
        BIO *mem = BIO_new(BIO_s_mem());
        X509V3_EXT_print(mem, ext, 0, 0);
        int n = BIO_read(mem, out, (int)cap - 1);
        out[n > 0 ? n : 0] = 0;
        BIO_free(mem);
    }
    X509_free(cert);
    return 1;
}
#endif
