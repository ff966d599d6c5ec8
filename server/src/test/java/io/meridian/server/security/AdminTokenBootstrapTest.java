package io.meridian.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.db.testing.TestDatabase;
import io.meridian.server.config.MeridianProperties;
import io.meridian.sync.testing.Canaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class AdminTokenBootstrapTest {

    private static TestDatabase db;

    @BeforeAll
    static void database() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Test
    void generatesATokenOnceWritesItOwnerOnlyAndStoresOnlyItsHash(@TempDir Path home) throws Exception {
        ApiTokens tokens = new ApiTokens(JdbcClient.create(db.dataSource()));
        bootstrap(tokens, home, "").afterPropertiesSet();

        Path file = home.resolve("admin-token");
        String token = Files.readString(file).strip();
        assertThat(token).startsWith("mrd_").hasSizeGreaterThan(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(tokens.authenticate(token)).hasValueSatisfying(o -> assertThat(o.role()).isEqualTo(Role.ADMIN));
        assertThat(JdbcClient.create(db.dataSource()).sql("select count(*) from api_tokens where token_sha256 = ?")
                .param(token).query(Long.class).single()).isZero();

        bootstrap(tokens, home, "").afterPropertiesSet();
        assertThat(Files.readString(file).strip()).as("second start keeps the token").isEqualTo(token);
        assertThat(tokens.liveHashes(AdminTokenBootstrap.NAME)).hasSize(1);

        String configured = Canaries.ADMIN_TOKEN;
        bootstrap(tokens, home, configured).afterPropertiesSet();
        assertThat(tokens.authenticate(configured)).isPresent();
        assertThat(tokens.authenticate(token)).as("the configured token revokes the generated one").isEmpty();
        assertThat(tokens.authenticate("mrd_unknown")).isEmpty();
    }

    private static AdminTokenBootstrap bootstrap(ApiTokens tokens, Path home, String token) {
        return new AdminTokenBootstrap(tokens, new AdminProperties(token), new MeridianProperties(home));
    }
}
