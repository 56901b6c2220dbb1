package dev.taskcast.server.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Decodes a PEM {@code -----BEGIN PUBLIC KEY-----} block (SubjectPublicKeyInfo, RFC 7468 §13) into
 * an RSA or EC public key. The key type is taken from the key itself, not from the configured
 * {@code algorithm}: the original (jose on Node) ignores the algorithm when importing a PEM and
 * decides per token from the key type, so that is what we must accept.
 */
final class SpkiPem {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";
    private static final List<String> KEY_TYPES = List.of("RSA", "EC");

    private SpkiPem() {
    }

    /**
     * @param pem         the PEM text
     * @param settingName the setting the text came from, used in the error message
     * @throws AuthConfigException if the text is not an SPKI PEM holding an RSA or EC key
     */
    static PublicKey decode(String pem, String settingName) {
        String text = pem.strip();
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin != 0 || end < 0) {
            throw new AuthConfigException(settingName + " is not a PEM public key: expected a \"" + BEGIN
                    + "\" block (SubjectPublicKeyInfo; PKCS#1 \"BEGIN RSA PUBLIC KEY\" and certificates"
                    + " are not accepted)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new AuthConfigException(settingName + " is not a PEM public key: the body is not valid base64");
        }
        for (String type : KEY_TYPES) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this key type (or corrupt); try the next one
            }
        }
        throw new AuthConfigException(settingName
                + " could not be decoded as an RSA or EC (P-256, P-384, P-521) public key");
    }
}
