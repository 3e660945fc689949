package io.faasioflex.policy.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretDetectionTest {

    private static final String PEM_BODY = Detect.randomBase64(48, 1) + "\n" + Detect.randomBase64(48, 2) + "\n";

    @ParameterizedTest
    @ValueSource(strings = {"AKIAG9EDN581U33XTPLP", "ASIAG9EDN581U33XTPLP", "AROAG9EDN581U33XTPLP"})
    void findsAwsAccessKeyIds(String key) {
        assertThat(Detect.in("aws_access_key_id = " + key + "\n")).containsExactly("cloud_key=" + key);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"AKIAG9EDN581U33XTPL", "AKIAG9EDN581U33XTPLPQ", "AKIBG9EDN581U33XTPLP", "akiag9edn581u33xtplp"})
    void ignoresStringsThatOnlyResembleAwsKeyIds(String text) {
        assertThat(Detect.in("id = " + text + "\n")).isEmpty();
    }

    @Test
    void findsGoogleCloudApiKeys() {
        var key = "AIzaPtYgjmUhBel31iEl2hpChYgCfrL1spNxnyV";

        assertThat(Detect.in("?key=" + key + "&q=1")).containsExactly("cloud_key=" + key);
        // One character short it is no Google key, but still a random token.
        assertThat(Detect.in("?key=" + key.substring(0, 38) + "&q=1"))
                .containsExactly("secret=" + key.substring(0, 38));
    }

    @Test
    void findsTheKeyOfAnAzureStorageConnectionString() {
        var key = Detect.randomBase64(64, 3);
        var connection = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + key + ";EndpointSuffix=x";

        assertThat(key).hasSize(88).endsWith("==");
        assertThat(Detect.in(connection)).containsExactly("cloud_key=" + key);
        assertThat(Detect.in("AccountKey=" + key.substring(2))).doesNotContain("cloud_key=" + key.substring(2));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "RSA PRIVATE KEY",
                "PRIVATE KEY",
                "EC PRIVATE KEY",
                "OPENSSH PRIVATE KEY",
                "ENCRYPTED PRIVATE KEY"
            })
    void findsPemPrivateKeys(String label) {
        var pem = "-----BEGIN " + label + "-----\n" + PEM_BODY + "-----END " + label + "-----";

        assertThat(Detect.in("key:\n" + pem + "\nbye")).containsExactly("private_key=" + pem);
    }

    @Test
    void findsAPrivateKeyInsideAJsonString() {
        var pem = "-----BEGIN PRIVATE KEY-----\\n" + PEM_BODY.replace("\n", "\\n") + "-----END PRIVATE KEY-----";

        assertThat(Detect.in("{\"key\": \"" + pem + "\"}")).containsExactly("private_key=" + pem);
    }

    @Test
    void findsAPrivateKeyWhoseEndIsMissing() {
        var truncated = "-----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY;

        assertThat(Detect.in("{\"k\": \"" + truncated + "\"}")).containsExactly("private_key=" + truncated);
    }

    @Test
    void ignoresPublicKeysAndCertificates() {
        var text = "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n-----BEGIN CERTIFICATE-----\n";

        assertThat(Detect.in(text)).isEmpty();
    }

    @Test
    void findsJsonWebTokens() {
        var jwt = Detect.base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + Detect.base64Url("{\"sub\":\"alice\",\"exp\":1700000000}") + ".c2lnbmF0dXJlLWJ5dGVz";

        assertThat(Detect.in("Authorization: Bearer " + jwt + "\n")).containsExactly("jwt=" + jwt);
    }

    @Test
    void findsAnUnsignedJsonWebToken() {
        var jwt = Detect.base64Url("{\"alg\":\"none\"}") + "." + Detect.base64Url("{\"sub\":\"alice\"}") + ".";

        assertThat(Detect.in("token=" + jwt)).containsExactly("jwt=" + jwt);
    }

    @Test
    void ignoresTokensWhoseHeaderIsNotAJwtHeader() {
        var noAlg = Detect.base64Url("{\"typ\":\"JWT\"}") + "." + Detect.base64Url("{\"sub\":\"a\"}") + ".sig";
        var notJson = "eyJub3QganNvbg." + Detect.base64Url("{\"sub\":\"a\"}") + ".sig";
        var payloadNotJson = Detect.base64Url("{\"alg\":\"HS256\"}") + ".bm90IGpzb24.sig";

        assertThat(Detect.in(noAlg + " " + notJson + " " + payloadNotJson)).isEmpty();
    }

    @Test
    void findsHighEntropyTokens() {
        var secret = Detect.randomBase64(30, 4);

        assertThat(secret).hasSize(40).containsPattern("[0-9]");
        assertThat(Detect.in("{\"aws_secret_access_key\": \"" + secret + "\"}")).containsExactly("secret=" + secret);
    }

    @Test
    void ignoresHexadecimalDigestsIdentifiersAndShortTokens() {
        var digest = HexFormat.of().formatHex(randomBytes(32));
        var text = "sha256:" + digest + " AbstractSingletonProxyFactoryBeanImpl2 550e8400-e29b-41d4-a716-446655440000 "
                + Detect.randomBase64(18, 5);

        assertThat(Detect.in(text)).isEmpty();
    }

    @Test
    void ignoresTokensLongerThanTheMaximumSuchAsEmbeddedImages() {
        var image = "data:image/png;base64," + Detect.randomBase64(3000, 6);

        assertThat(Detect.in(image)).isEmpty();
    }

    @Test
    void reportsAValueOnceByItsMostSpecificType() {
        var jwt = Detect.base64Url("{\"alg\":\"RS256\"}") + "."
                + Detect.base64Url("{\"sub\":\"alice\",\"nonce\":\"" + Detect.randomBase64(30, 9) + "\"}") + "."
                + Detect.randomBase64(60, 10).replace('+', '-').replace('/', '_');
        var pem = "-----BEGIN PRIVATE KEY-----\n4929182736455011\n" + PEM_BODY + "-----END PRIVATE KEY-----";

        assertThat(Detect.in(jwt + "\n" + pem)).containsExactly("jwt=" + jwt, "private_key=" + pem);
    }

    private static byte[] randomBytes(int count) {
        var bytes = new byte[count];
        new Random(8).nextBytes(bytes);
        return bytes;
    }
}
