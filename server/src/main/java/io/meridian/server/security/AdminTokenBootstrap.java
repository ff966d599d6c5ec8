package io.meridian.server.security;

import io.meridian.server.config.MeridianProperties;
import io.meridian.server.config.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Makes sure an admin token exists before the first request: {@code MERIDIAN_ADMIN_TOKEN}
 * if set (older bootstrap tokens are revoked), else one generated on first start, printed
 * once to the console (not the log) and written to {@code <home>/admin-token}, mode 600.
 */
public class AdminTokenBootstrap implements InitializingBean {

    static final String NAME = "bootstrap-admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenBootstrap.class);

    private final ApiTokens tokens;
    private final AdminProperties admin;
    private final MeridianProperties meridian;

    public AdminTokenBootstrap(ApiTokens tokens, AdminProperties admin, MeridianProperties meridian) {
        this.tokens = tokens;
        this.admin = admin;
        this.meridian = meridian;
    }

    @Override
    public void afterPropertiesSet() {
        if (!admin.token().isEmpty()) {
            // revoke first: live token names are unique
            int revoked = tokens.revokeOthers(NAME, ApiTokens.sha256Hex(admin.token()));
            tokens.insert(NAME, Role.ADMIN, admin.token());
            LOG.info("admin token taken from meridian.admin.token{}", revoked > 0 ? "; revoked " + revoked + " older one(s)" : "");
            return;
        }
        Path file = meridian.home().resolve("admin-token");
        if (!tokens.liveHashes(NAME).isEmpty()) {
            LOG.info("admin token already provisioned{}", Files.exists(file) ? " (see " + file + ")"
                    : "; its file is gone: set MERIDIAN_ADMIN_TOKEN to replace it");
            return;
        }
        String token = ApiTokens.generate();
        tokens.insert(NAME, Role.ADMIN, token);
        if (Files.exists(file)) {
            // a stale file from another database would mislead: replace it
            try {
                Files.delete(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot replace " + file, e);
            }
        }
        PrivateFiles.createOwnerOnly(file, token);
        // Printed once, deliberately on stdout rather than through the logger, so it never
        // lands in aggregated logs.
        System.out.println();
        System.out.println("  Meridian admin token (shown once, also in " + file.toAbsolutePath() + "):");
        System.out.println("  " + token);
        System.out.println();
        LOG.info("generated the admin token and wrote it to {}", file);
    }
}
