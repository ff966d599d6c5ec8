package io.meridian.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.meridian.sync.oci.OciFacadeRule;
import org.junit.jupiter.api.Test;

/**
 * The libraries (validation, regions, policies, the OCI client) stay plain Java: no Spring, no servlet
 * API, no Spring Batch. Wiring lives in server and in sync-core's batch package.
 */
class LibraryIndependenceTest {

    private static final String[] LIBRARIES = {
            "io.meridian.validation..", "io.meridian.regions..", "io.meridian.policies..", "io.meridian.sync.oci.."};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meridian");

    @Test
    void librariesDoNotDependOnSpringServletOrBatch() {
        ArchRule rule = noClasses().that().resideInAnyPackage(LIBRARIES)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta.servlet..", "javax.servlet..", "org.springframework.batch..")
                .because("validation, regions, policies and the OCI client are plain Java libraries (DESIGN.md)");
        rule.check(CLASSES);
        for (String pkg : new String[]{
                "io.meridian.validation", "io.meridian.regions", "io.meridian.policies", "io.meridian.sync.oci"}) {
            org.assertj.core.api.Assertions.assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                    .as("classes of %s are on the server's classpath and checked", pkg).isTrue();
        }
    }

    /**
     * The OCI client's API is the facade {@code RegistryClient} and its value types; the per-call classes
     * behind it are its own business. sync-core checks its own classes; this checks server's (and every other
     * module on its classpath).
     */
    @Test
    void onlyTheOciClientReachesItsPerCallClasses() {
        OciFacadeRule.onlyTheClientReachesItsPerCallClasses().check(CLASSES);
        org.assertj.core.api.Assertions.assertThat(CLASSES.stream()
                        .anyMatch(c -> c.getPackageName().equals("io.meridian.server.replication")))
                .as("server's classes are checked").isTrue();
    }

    @Test
    void theRuleCatchesAViolation() {
        // Guard against a rule that can never fail: server code does use Spring.
        ArchRule sameRuleOnServer = noClasses().that().resideInAnyPackage("io.meridian.server..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sameRuleOnServer.check(CLASSES))
                .isInstanceOf(AssertionError.class);
    }
}
