import io.betterccflare.encryption.EncryptionKey;
import io.betterccflare.encryption.FieldCipher;
import io.betterccflare.encryption.SecretField;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;

/**
 * What sealing secrets at rest costs (issue 15 part 5, bench/RESULTS.md "Encryption at rest"): CPU per value to seal
 * and to open a stored payload of typical and maximal sizes and an account credential, with the product's own
 * {@link FieldCipher} (AES-256-GCM, random nonce), and the stored size. One thread, CPU time after warm-up.
 * Run from the repository root after {@code ./mvnw -q -o compile}:
 * java -cp target/classes bench/EncryptionCost.java
 */
public class EncryptionCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        byte[] key = new byte[32];
        new Random(1).nextBytes(key);
        FieldCipher cipher = FieldCipher.of(EncryptionKey.parse(Base64.getEncoder().encodeToString(key), "bench"));
        System.out.println("| value | clear size | stored size | seal CPU | open CPU |");
        System.out.println("|---|---|---|---|---|");
        report(cipher, SecretField.ACCOUNT_ACCESS_TOKEN, "OAuth access token", "sk-ant-oat01-" + "x".repeat(95), 200_000);
        report(cipher, SecretField.REQUEST_PAYLOAD, "payload, short chat turn", payload(1_500, 1_200), 50_000);
        report(cipher, SecretField.REQUEST_PAYLOAD, "payload, Claude Code turn", payload(60_000, 8_000), 5_000);
        report(cipher, SecretField.REQUEST_PAYLOAD, "payload, both bodies at the 256 KB cap", payload(262_144, 262_144), 500);
    }

    private static void report(FieldCipher cipher, SecretField field, String what, String clear, int rounds) {
        String sealed = cipher.seal(field, "row-1", clear);
        for (int i = 0; i < rounds; i++) {
            cipher.open(field, "row-1", cipher.seal(field, "row-1", clear));
        }
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            sealed = cipher.seal(field, "row-1", clear);
        }
        long seal = THREADS.getCurrentThreadCpuTime() - start;
        start = THREADS.getCurrentThreadCpuTime();
        int length = 0;
        for (int i = 0; i < rounds; i++) {
            length += cipher.open(field, "row-1", sealed).length();
        }
        long open = THREADS.getCurrentThreadCpuTime() - start;
        if (length != clear.length() * rounds) {
            throw new IllegalStateException("round trip failed");
        }
        System.out.printf(Locale.ROOT, "| %s | %,d B | %,d B | %.1f µs | %.1f µs |%n", what, clear.length(), sealed.length(),
                seal / 1_000.0 / rounds, open / 1_000.0 / rounds);
    }

    /** A stored payload JSON as the recorder writes it: headers, and both bodies in base64. */
    private static String payload(int requestBytes, int responseBytes) {
        Random random = new Random(requestBytes);
        byte[] request = new byte[requestBytes];
        byte[] response = new byte[responseBytes];
        for (int i = 0; i < request.length; i++) {
            request[i] = (byte) (' ' + random.nextInt(95));
        }
        for (int i = 0; i < response.length; i++) {
            response[i] = (byte) (' ' + random.nextInt(95));
        }
        return "{\"request\":{\"headers\":{\"anthropic-version\":\"2023-06-01\",\"content-type\":\"application/json\"},"
                + "\"body\":\"" + Base64.getEncoder().encodeToString(request) + "\"},\"response\":{\"status\":200,"
                + "\"headers\":{\"content-type\":\"application/json\"},\"body\":\"" + Base64.getEncoder().encodeToString(response)
                + "\"},\"meta\":{\"accountId\":\"a\",\"timestamp\":1,\"success\":true,\"isStream\":false,\"retry\":0,"
                + "\"path\":\"/v1/messages\",\"method\":\"POST\"}}";
    }
}
