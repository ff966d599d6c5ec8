package io.meridian.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.testing.HandedSecrets;
import io.meridian.server.testing.HandedSecrets.Secret;
import io.meridian.sync.testing.Canaries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PackagedServersSecretsScanIT} can fail: its scan finds the admin token, the key's bytes as hex and a registry
 * password in a server log, names file, line and secret, and shows none of the values; and it looks for a secret a
 * launcher handed a server ad hoc as well as for the canaries.
 */
class LogFileScanTest {

    private static final String KEY_HEX = HexFormat.of().formatHex(Base64.getDecoder().decode(Canaries.SECRET_KEY));

    @Test
    void namesFileLineAndSecretOfEachLeakButNeverItsValue(@TempDir Path logs) throws Exception {
        Path clean = Files.writeString(logs.resolve("clean.log"), "started\nGET /api/v1/registries 200\n");
        Path leaky = Files.writeString(logs.resolve("leaky.log"), String.join("\n",
                "INFO  started on port 8080",
                "DEBUG Authorization: Bearer " + Canaries.ADMIN_TOKEN,
                "INFO  nothing here",
                "DEBUG cipher key " + KEY_HEX.toUpperCase(java.util.Locale.ROOT),
                "WARN  {\"username\":\"robot\",\"password\":\"" + Canaries.REGISTRY_PASSWORD + "\"}"),
                StandardCharsets.ISO_8859_1);

        LogFileScan.Result result = LogFileScan.scan(LogFileScan.filesUnder(logs), HandedSecrets.all());

        assertThat(result.files()).containsExactly(clean, leaky);
        assertThat(result.lines()).isEqualTo(7);
        assertThat(result.hits()).map(Object::toString).containsExactly(
                leaky + ":2 contains ADMIN_TOKEN: DEBUG Authorization: Bearer <ADMIN_TOKEN>",
                leaky + ":4 contains SECRET_KEY (its bytes as upper-case hex): DEBUG cipher key"
                        + " <SECRET_KEY (its bytes as upper-case hex)>",
                leaky + ":5 contains REGISTRY_PASSWORD: WARN  {\"username\":\"robot\",\"password\":\"<REGISTRY_PASSWORD>\"}");
        assertThat(result.hits().toString()).doesNotContain(Canaries.ADMIN_TOKEN, Canaries.REGISTRY_PASSWORD, KEY_HEX,
                KEY_HEX.toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void looksForTheCanariesTheKeysBytesAndWhatALauncherHandedAdHoc() {
        String adHocToken = "adHocAdminTokenNotACanary0042";
        byte[] adHocKey = new byte[32];
        adHocKey[0] = 7;
        HandedSecrets.recordFrom(Map.of("MERIDIAN_ADMIN_TOKEN", adHocToken,
                "MERIDIAN_SECRET_KEY", Base64.getEncoder().encodeToString(adHocKey),
                "MERIDIAN_DB_PASSWORD", "postgres", "PATH", "/usr/bin"));

        List<Secret> secrets = HandedSecrets.all();

        assertThat(secrets).map(Secret::value).containsAll(Canaries.all())
                .contains(KEY_HEX, adHocToken, HexFormat.of().formatHex(adHocKey))
                .doesNotContain("postgres", "/usr/bin").doesNotHaveDuplicates();
        assertThat(secrets).filteredOn(s -> s.value().equals(adHocToken)).map(Secret::name)
                .containsExactly("MERIDIAN_ADMIN_TOKEN of a packaged server");
        assertThat(secrets).filteredOn(s -> s.value().equals(KEY_HEX)).map(Secret::name)
                .containsExactly("SECRET_KEY (its bytes as hex)");
    }
}
